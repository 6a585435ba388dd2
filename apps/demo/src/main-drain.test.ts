import {
  type FakeProviderApi,
  RawWebSocketClient,
  type SimulatedCall,
  startFakeProviderApi,
} from '@x/phone-simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { killDemos, placeTwilioCall, startDemoProcess } from './testing/demo-process.js';
import { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } from './testing/provider-test-setup.js';

/** Calls in progress when SIGTERM arrives. */
const CALLS = 3;
/** `DRAIN_TIMEOUT` of these tests, in seconds. */
const DRAIN_TIMEOUT_SECS = 2;
/**
 * Longest the process may take to exit after SIGTERM, in milliseconds: the drain timeout, then
 * the goodbye (1.1 s), end silence (0.5 s), the bounded hang-up (3.5 s), the close (0.5 s), and a
 * margin for a loaded machine.
 */
const EXIT_BOUND_MS = DRAIN_TIMEOUT_SECS * 1000 + 1_100 + 500 + 3_500 + 500 + 3_000;

let api: FakeProviderApi | undefined;
afterEach(async () => {
  killDemos();
  await api?.close();
  api = undefined;
});

describe('pnpm demo (node dist/main.js) on SIGTERM', () => {
  it('drains: unready at once, refuses new calls, lets calls run, then says goodbye, hangs up once, closes 1000 and exits 0, even when the provider API hangs', async () => {
    api = await startFakeProviderApi({
      twilio: { accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN },
    });
    api.respondWith('twilio', { status: 200, neverAnswer: true });
    const { demo, port, url } = await startDemoProcess({
      TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN,
      TWILIO_API_BASE_URL: api.url,
      DRAIN_TIMEOUT: String(DRAIN_TIMEOUT_SECS),
      LOG_LEVEL: 'warn',
    });
    const calls: SimulatedCall[] = [];
    for (let index = 0; index < CALLS; index++) {
      calls.push(await placeTwilioCall(port, url));
    }

    const signalledAt = Date.now();
    const signalledAtCallMs = calls.map((call) => call.now());
    demo.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));

    // readiness fails at once, liveness stays, new calls are refused
    expect((await fetch(`${url}/healthz`)).status).toBe(503);
    expect((await fetch(`${url}/livez`)).status).toBe(200);
    const upgrade = await RawWebSocketClient.open(port, '/ws');
    expect(upgrade.status).toBe(503);
    upgrade.destroy();
    const webhook = await fetch(`${url}/twilio`, { method: 'POST' });
    expect(webhook.status).toBe(503);
    // the calls in progress go on meanwhile
    expect(calls.every((call) => call.summary().close === undefined)).toBe(true);

    const exitCode = await demo.exited;
    const exitedAfterMs = Date.now() - signalledAt;
    expect(exitCode).toBe(0);
    expect(exitedAfterMs).toBeLessThan(EXIT_BOUND_MS);
    expect(exitedAfterMs).toBeGreaterThan(DRAIN_TIMEOUT_SECS * 1000);

    const summaries = await Promise.all(calls.map((call) => call.ended));
    summaries.forEach((summary, index) => {
      expect(summary.close?.code).toBe(1000);
      // the goodbye: bot audio that started after the drain timeout
      const goodbye = calls[index]!.events().find(
        (event) =>
          event.type === 'bot-audio-start' &&
          event.atMs > signalledAtCallMs[index]! + DRAIN_TIMEOUT_SECS * 1000 - 100,
      );
      expect(goodbye).toBeDefined();
    });
    // one hang-up per call, each left unanswered by the provider and bounded by the server
    expect(
      api
        .hangUps('twilio')
        .map((request) => request.callId)
        .sort(),
    ).toEqual(calls.map((call) => call.ids.callId).sort());
    expect(demo.output()).toContain(`Drained in`);
    expect(demo.output()).toContain(
      `0 of ${CALLS} calls finished by themselves, ${CALLS} ended with a goodbye`,
    );
    expect(demo.output()).toContain('Stopped.');
  }, 30_000);

  it('exits 0 at once when no call is in progress', async () => {
    const { demo } = await startDemoProcess({ DRAIN_TIMEOUT: '30' });
    const signalledAt = Date.now();
    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(3_000);
  });
});
