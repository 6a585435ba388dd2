import { startCall } from '@x/phone-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../server/demo-server.js';
import {
  DTMF_TONES_PATH,
  MUSIC_PATH,
  RINGBACK_PATH,
  SPEECH_FIXTURE_PATH,
} from '../testing/audio-fixtures.js';
import { socketUrl, startTestServer } from '../testing/test-server.js';

/** Generous bound on waiting for the bot, in milliseconds. */
const BOT_WAIT_MS = 8000;

describe.concurrent('the echo bot talking while the caller line carries sound', () => {
  let server: DemoServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.telephony.close();
  });

  it.each([
    ['keypad tones', DTMF_TONES_PATH],
    ['ringback', RINGBACK_PATH],
    ['music', MUSIC_PATH],
  ])('is not interrupted by %s', async (_name, wavFile) => {
    const call = await startCall({ url: socketUrl(server, '/ws'), provider: 'twilio' });
    await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
    // the greeting lasts 6 s: the distractor plays over it
    await call.sendAudio({ wavFile });
    const greetingEnd = await call.waitFor('bot-audio-end', { timeoutMs: BOT_WAIT_MS });
    const summary = await call.hangUp();
    expect(greetingEnd.reason).toBe('drained');
    expect(summary.clears).toEqual([]);
  });

  it('is interrupted by speech', async () => {
    const call = await startCall({ url: socketUrl(server, '/ws'), provider: 'twilio' });
    await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
    await call.sendAudio({ wavFile: SPEECH_FIXTURE_PATH });
    const summary = await call.hangUp();
    expect(summary.clears).toHaveLength(1);
  });
});
