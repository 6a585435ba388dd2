import { type ProviderName, type SimulatedCall, startCall } from '@x/phone-simulator';
import { decodeDtmfKeys } from '@x/transport-core/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withoutDigitalSilence } from '../testing/audio-similarity.js';
import { type SecuredDemo, startSecuredDemo } from '../testing/provider-test-setup.js';

/** Generous bound on waiting for the bot in a test, in milliseconds. */
const BOT_WAIT_MS = 8000;
const RATE = 8000;

/**
 * The keys the caller heard from `fromMs` on. The digital silence a late message makes the phone
 * play is left out first, so a loaded machine cannot split one key in two (the keys compared are
 * all different from their neighbours, so the gaps between them are not needed).
 */
function keysHeard(call: SimulatedCall, fromMs: number): string {
  return decodeDtmfKeys(withoutDigitalSilence(call.heard(fromMs)).audio, RATE);
}

describe.concurrent.each(['twilio', 'telnyx'] as const satisfies readonly ProviderName[])(
  '* on a %s call',
  (provider) => {
    let demo: SecuredDemo;

    beforeAll(async () => {
      demo = await startSecuredDemo();
    });

    afterAll(async () => {
      await demo?.close();
    });

    it('stops the greeting and plays the digits typed before it back as in-band DTMF tones', async () => {
      const call = await startCall(demo.callOptions(provider));
      await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
      const pressedAt = call.now();
      await call.sendDtmf('42*');
      await call.waitFor('clear', { sinceMs: pressedAt, timeoutMs: BOT_WAIT_MS });
      // The caller hears the keys, whatever the machine's load delays them by.
      await vi.waitFor(() => expect(keysHeard(call, pressedAt)).toBe('42'), {
        timeout: BOT_WAIT_MS,
        interval: 100,
      });
      const summary = await call.hangUp();
      expect(summary.bot.dtmfReceived).toBe(''); // tones, not a provider command
      expect(summary.protocolErrorCount).toBe(0);
    });

    it('plays 123 when * comes with nothing typed before it', async () => {
      const call = await startCall(demo.callOptions(provider));
      await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
      const pressedAt = call.now();
      await call.sendDtmf('*');
      await vi.waitFor(() => expect(keysHeard(call, pressedAt)).toBe('123'), {
        timeout: BOT_WAIT_MS,
        interval: 100,
      });
      await call.hangUp();
    });
  },
);

describe('* on a plivo call', () => {
  let demo: SecuredDemo;

  beforeAll(async () => {
    demo = await startSecuredDemo();
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('asks Plivo to play the digits typed before it (sendDTMF), which sends no tones itself', async () => {
    const call = await startCall(demo.callOptions('plivo'));
    await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
    const pressedAt = call.now();
    await call.sendDtmf('42*');
    const keys = await call.waitFor('bot-dtmf', { sinceMs: pressedAt, timeoutMs: BOT_WAIT_MS });
    const summary = await call.hangUp();
    expect(keys.digits).toBe('42');
    expect(summary.bot.dtmfReceived).toBe('42');
    expect(keysHeard(call, pressedAt)).toBe('');
    expect(summary.protocolErrorCount).toBe(0);
  });
});
