import { afterEach, describe, expect, it } from 'vitest';
import { formatLoadReport } from '../format/format-load-report.js';
import {
  sendJson,
  startTestBotServer,
  type TestBotServer,
} from '../testing-internal/test-bot-server.js';
import {
  startTestWebhookServer,
  type TestWebhookServer,
} from '../testing-internal/test-webhook-server.js';
import { runLoad } from './run-load.js';

let server: TestBotServer | undefined;
let webhook: TestWebhookServer | undefined;

afterEach(async () => {
  await server?.close();
  await webhook?.close();
  server = undefined;
  webhook = undefined;
});

/** A bot that echoes every caller frame straight back, as a Twilio media message. */
async function startEchoBot(): Promise<TestBotServer> {
  return startTestBotServer({
    onMessage: (connection, message) => {
      if (message.event !== 'media') return;
      const payload = (message.media as Record<string, string>).payload;
      sendJson(connection.socket, {
        event: 'media',
        streamSid: message.streamSid,
        media: { payload },
      });
    },
  });
}

describe('runLoad', () => {
  it('places every call through the webhook, each stream carrying its own call token', async () => {
    server = await startTestBotServer();
    const botUrl = server.url;
    webhook = await startTestWebhookServer((request) => ({
      status: 200,
      body: `<Response><Connect><Stream url="${botUrl}"><Parameter name="callToken" value="for-${request.form.CallSid}"/></Stream></Connect></Response>`,
    }));
    const report = await runLoad({
      provider: 'twilio',
      calls: 3,
      durationMs: 100,
      webhook: { url: `${webhook.origin}/twilio` },
    });
    expect(report.url).toBe(`${webhook.origin}/twilio`);
    expect(report.calls).toMatchObject({ requested: 3, connected: 3, failed: 0 });
    const posted = webhook.requests.map((request) => request.form.CallSid);
    expect(new Set(posted).size).toBe(3);
    const starts = await Promise.all(
      posted.map(async () => (await (await server!.nextConnection()).nextEvent('start')).start),
    );
    for (const start of starts as Record<string, unknown>[]) {
      expect(start.customParameters).toEqual({ callToken: `for-${start.callSid}` });
      expect(posted).toContain(start.callSid);
    }
  });

  it('runs concurrent calls to the end and reports percentiles over all of them', async () => {
    server = await startEchoBot();
    const report = await runLoad({
      url: server.url,
      provider: 'twilio',
      calls: 4,
      durationMs: 600,
      rampMs: 100,
    });
    expect(report.calls).toEqual({
      requested: 4,
      connected: 4,
      failed: 0,
      completed: 4,
      endedByBot: 0,
      endedByError: 0,
      withoutBotAudio: 0,
    });
    expect(report.firstAudioMs.count).toBe(4);
    expect(report.firstAudioMs.max).toBeLessThan(600);
    expect(report.outboundJitterMs.count).toBeGreaterThan(4 * 20);
    expect(report.sendLatenessMs.count).toBeGreaterThan(4 * 25);
    expect(report.botAudio.mediaMessages).toBeGreaterThan(4 * 25);
    expect(report.protocolErrors).toEqual({ count: 0, byRule: {} });
    expect(report.errors).toEqual([]);
    for (const values of [report.firstAudioMs, report.outboundJitterMs, report.sendLatenessMs]) {
      expect(values.p50).toBeLessThanOrEqual(values.p90);
      expect(values.p90).toBeLessThanOrEqual(values.p99);
      expect(values.p99).toBeLessThanOrEqual(values.max);
    }
    const table = formatLoadReport(report);
    expect(table).toContain('4 requested, 4 connected, 0 failed, 4 completed');
    expect(table).toMatch(/first bot audio\s+p50 .* p90 .* p99 .* max .*\(n=4\)/);
  });

  it('counts refused calls as failed, with the reason', async () => {
    server = await startTestBotServer({ verifyUpgrade: () => 401 });
    const report = await runLoad({ url: server.url, provider: 'plivo', calls: 3, durationMs: 200 });
    expect(report.calls.failed).toBe(3);
    expect(report.calls.connected).toBe(0);
    expect(report.errors).toEqual([{ message: expect.stringContaining('HTTP 401'), count: 3 }]);
  });

  it('cuts calls short at the run time limit', async () => {
    server = await startEchoBot();
    const report = await runLoad({ url: server.url, calls: 2, durationMs: 60_000, maxWallMs: 300 });
    expect(report.calls.connected).toBe(2);
    expect(report.calls.endedByError).toBe(2);
    expect(report.calls.completed).toBe(0);
  });

  it('refuses unbounded runs, naming the bad value', async () => {
    await expect(
      runLoad({ url: 'ws://127.0.0.1:1/ws', calls: 0, durationMs: 1000 }),
    ).rejects.toThrow(/calls .* got 0/);
    await expect(
      runLoad({ url: 'ws://127.0.0.1:1/ws', calls: 10_000, durationMs: 1000 }),
    ).rejects.toThrow(/10000/);
    await expect(
      runLoad({ url: 'ws://127.0.0.1:1/ws', calls: 1, durationMs: 7_200_000 }),
    ).rejects.toThrow(/7200000/);
  });
});
