import { type SimulatedCall, startCall } from '@x/phone-simulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HOLD_MUSIC_NOTES_HZ, HOLD_MUSIC_THINKING_MS } from '../bot/hold-music.js';
import { readMonoWav, SPEECH_FIXTURE_PATH } from '../testing/audio-fixtures.js';
import { findPlayedAudio, findUnchanged, trimSilence } from '../testing/audio-similarity.js';
import { type SecuredDemo, startSecuredDemo } from '../testing/provider-test-setup.js';
import { energyShareAt } from '../testing/tone-energy.js';

/** Generous bound on waiting for the bot in a test, in milliseconds. */
const BOT_WAIT_MS = 10_000;
const speech = readMonoWav(SPEECH_FIXTURE_PATH);
const RATE = speech.sampleRate;
/** Share of the energy at the hold music's notes above which audio is the hold music. */
const MUSIC_SHARE = 0.8;
/** Share below which audio has none of it (speech scores under 0.1). */
const NO_MUSIC_SHARE = 0.2;

/** `audio` as the caller hears it through the call's codec. */
function asHeardOn(call: SimulatedCall, audio: Int16Array): Int16Array {
  return call.codec.decode(call.codec.encode(audio));
}

describe('a call with HOLD_MUSIC=on', () => {
  let demo: SecuredDemo;

  beforeAll(async () => {
    demo = await startSecuredDemo({ HOLD_MUSIC: 'on' });
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('plays hold music while the bot thinks, then the echo alone', async () => {
    const call = await startCall(demo.callOptions('twilio'));
    await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
    await call.sendAudio({ wavFile: SPEECH_FIXTURE_PATH });
    const turnEnd = call.now();
    const words = asHeardOn(call, trimSilence(speech.audio, RATE));
    // Until the echo has played, unchanged: nothing was mixed into it.
    await vi.waitFor(() => expect(findUnchanged(call.heard(turnEnd), words)).toBeDefined(), {
      timeout: BOT_WAIT_MS,
      interval: 100,
    });
    const summary = await call.hangUp();
    const heard = call.heard(turnEnd, summary.durationMs);
    const echoAtMs = findPlayedAudio(heard, words, RATE).offsetMs;
    const waiting = heard.subarray(0, Math.round(((echoAtMs - 50) * RATE) / 1000));
    const musicStart = waiting.findIndex((sample) => sample !== 0);
    expect(musicStart).toBeGreaterThanOrEqual(0);
    const music = waiting.subarray(musicStart);
    // The bot thought for its pause (a loaded machine can shift either end by a little)…
    expect((music.length * 1000) / RATE).toBeGreaterThan(HOLD_MUSIC_THINKING_MS - 500);
    // …and what the caller heard meanwhile was the hold music,
    expect(energyShareAt(music, HOLD_MUSIC_NOTES_HZ, RATE)).toBeGreaterThan(MUSIC_SHARE);
    // not under the echo.
    const echo = heard.subarray(Math.round((echoAtMs * RATE) / 1000));
    expect(energyShareAt(echo, HOLD_MUSIC_NOTES_HZ, RATE)).toBeLessThan(NO_MUSIC_SHARE);
    expect(summary.protocolErrorCount).toBe(0);
  });
});
