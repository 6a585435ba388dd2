import { type ProviderName, type SimulatedCall, startCall } from '@x/phone-simulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  GOODBYE_PATH,
  GREETING_PATH,
  readMonoWav,
  SPEECH_FIXTURE_PATH,
} from '../testing/audio-fixtures.js';
import {
  findPlayedAudio,
  findUnchanged,
  speechBoundsMs,
  trimSilence,
} from '../testing/audio-similarity.js';
import { type SecuredDemo, startSecuredDemo } from '../testing/provider-test-setup.js';

const PROVIDERS: readonly ProviderName[] = ['twilio', 'telnyx', 'plivo'];
const speech = readMonoWav(SPEECH_FIXTURE_PATH);
const spoken = trimSilence(speech.audio, speech.sampleRate);
/** Where the words are in the speech fixture. */
const SPEECH_BOUNDS = speechBoundsMs(speech.audio, speech.sampleRate);
const greeting = readMonoWav(GREETING_PATH);
const goodbye = readMonoWav(GOODBYE_PATH);
const RATE = speech.sampleRate;
/** The echo bot waits this long after the caller stops (VAD stopSecs) before echoing, in ms. */
const VAD_STOP_MS = 600;
/** Generous bound on waiting for the bot in a test, in milliseconds. */
const BOT_WAIT_MS = 8000;
/** How much of the greeting's start is compared with what the caller heard, in milliseconds. */
const GREETING_COMPARED_MS = 1000;

function durationMs(audio: Int16Array): number {
  return (audio.length * 1000) / RATE;
}

/**
 * `audio` as the caller hears it through the call's codec. The demo's calls run at 8 kHz end to
 * end, so prompts and echoes reach the caller sample for sample: `findUnchanged` checks every
 * sample, and it and `findPlayedAudio` leave out the silence a late message makes the phone play,
 * so what the caller heard is judged the same whatever the machine's load.
 */
function asHeardOn(call: SimulatedCall, audio: Int16Array): Int16Array {
  return call.codec.decode(call.codec.encode(audio));
}

/** Plivo's default stream format is L16 at 8 kHz; Twilio and Telnyx send μ-law. */
function codecOf(provider: ProviderName): string {
  return provider === 'plivo' ? 'audio/x-l16;rate=8000' : 'PCMU';
}

describe.concurrent.each(PROVIDERS)('a %s call through the phone simulator', (provider) => {
  let demo: SecuredDemo;

  beforeAll(async () => {
    demo = await startSecuredDemo();
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('greets the caller with the recorded greeting', async () => {
    const call = await startCall(demo.callOptions(provider, { codec: codecOf(provider) }));
    const first = await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
    // Until its first second has played, however late its messages come on a loaded machine.
    await vi.waitFor(
      () => expect(call.summary().bot.audioPlayedMs).toBeGreaterThan(GREETING_COMPARED_MS + 20),
      { timeout: BOT_WAIT_MS, interval: 50 },
    );
    const heard = call.heard(first.atMs);
    await call.hangUp();
    // The greeting's first second, as the caller heard it, is the recorded prompt: every sample,
    // with nothing audible before it.
    const opening = asHeardOn(
      call,
      greeting.audio.subarray(0, (RATE * GREETING_COMPARED_MS) / 1000),
    );
    expect(findPlayedAudio(heard, opening, RATE).waveformCorrelation).toBeGreaterThan(0.9);
    expect(findUnchanged(heard, opening)).toBe(0);
  });

  it('says back what the caller said', async () => {
    const call = await startCall(demo.callOptions(provider, { codec: codecOf(provider) }));
    const callerStart = call.now();
    await call.sendAudio({ wavFile: SPEECH_FIXTURE_PATH });
    const speechEnd = callerStart + SPEECH_BOUNDS.endMs;
    const echoStart = await call.waitFor('bot-audio-start', {
      sinceMs: call.now(),
      timeoutMs: BOT_WAIT_MS,
    });
    const echoEnd = await call.waitFor('bot-audio-end', {
      sinceMs: echoStart.atMs,
      timeoutMs: BOT_WAIT_MS,
    });
    const summary = await call.hangUp();
    expect(echoEnd.reason).toBe('drained');
    // The echo starts once the caller has been quiet for the VAD's stop time, not before.
    // How soon after is speed, which a loaded machine stretches: not asserted here.
    expect(echoStart.atMs - speechEnd).toBeGreaterThan(VAD_STOP_MS - 100);
    const recording = call.recording();
    // The echo holds the words, all of them from the first, sample for sample.
    const words = asHeardOn(call, spoken);
    const match = findPlayedAudio(recording.audio, words, RATE);
    expect(match.offsetMs).toBeGreaterThanOrEqual(echoStart.atMs - 50);
    expect(match.envelopeCorrelation).toBeGreaterThan(0.95);
    expect(match.waveformCorrelation).toBeGreaterThan(0.9);
    expect(findUnchanged(recording.audio, words)).toBeDefined();
    expect(summary.protocolErrorCount).toBe(0);
    // A mark follows each utterance (the greeting's was dropped with it when the caller spoke
    // over it); the echo's was answered after it played out.
    expect(summary.marks.received).toBe(1);
    expect(summary.marks.answeredAfterPlayout).toBe(1);
  });

  it('stops the echo at once when the caller talks over it, with no stale audio afterwards', async () => {
    const call = await startCall(demo.callOptions(provider, { codec: codecOf(provider) }));
    await call.sendAudio({ wavFile: SPEECH_FIXTURE_PATH });
    const echoStart = await call.waitFor('bot-audio-start', {
      sinceMs: call.now(),
      timeoutMs: BOT_WAIT_MS,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bargeIn = call.sendAudio({ wavFile: SPEECH_FIXTURE_PATH });
    const bargeInStart = call.now();
    const clear = await call.waitFor('clear', { sinceMs: echoStart.atMs, timeoutMs: BOT_WAIT_MS });
    await bargeIn;
    const secondSpeechEnd = call.now();
    const nextAudio = await call.waitFor('bot-audio-start', {
      sinceMs: clear.atMs,
      timeoutMs: BOT_WAIT_MS,
    });
    const summary = await call.hangUp();

    // The bot heard the caller within a VAD start time or so (0.2 s, plus slack for a loaded
    // machine), and had little audio in flight: the transport sends at most a chunk ahead.
    expect(clear.atMs - bargeInStart).toBeLessThan(1000);
    expect(clear.discardedMs).toBeLessThan(200);
    const echo = summary.bot.utterances.find((utterance) => utterance.startMs === echoStart.atMs);
    expect(echo?.endReason).toBe('cleared');
    // Cut before the words it was saying back could have ended.
    expect(clear.atMs - echoStart.atMs).toBeLessThan(durationMs(spoken));
    // Nothing of the interrupted echo plays after the clear: the next audio is the new echo.
    expect(nextAudio.atMs).toBeGreaterThan(secondSpeechEnd);
    const quiet = call.heard(clear.atMs + 20, nextAudio.atMs - 20);
    expect(quiet.every((sample) => sample === 0)).toBe(true);
    expect(summary.protocolErrorCount).toBe(0);
  });

  it('says goodbye on #, hangs up once through the provider API and closes cleanly', async () => {
    const call = await startCall(demo.callOptions(provider, { codec: codecOf(provider) }));
    await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
    const pressedAt = call.now();
    await call.sendDtmf('#');
    const summary = await call.ended;

    expect(summary.close?.code).toBe(1000);
    expect(summary.hungUpBy).toBe('bot');
    expect(summary.protocolErrorCount).toBe(0);
    const hangUps = demo.api
      .hangUps(provider)
      .filter((request) => request.callId === summary.ids.callId);
    expect(hangUps).toHaveLength(1);
    expect(hangUps[0]?.authorized).toBe(true);
    await vi.waitFor(() =>
      expect(demo.server.traffic.hangUpCount(provider, 'hung-up')).toBeGreaterThanOrEqual(1),
    );
    // The caller heard the goodbye, every sample of it, before the line closed.
    const heard = call.heard(pressedAt, summary.durationMs);
    const goodbyeWords = asHeardOn(call, trimSilence(goodbye.audio, RATE));
    expect(findPlayedAudio(heard, goodbyeWords, RATE).waveformCorrelation).toBeGreaterThan(0.9);
    expect(findUnchanged(heard, goodbyeWords)).toBeDefined();
  });
});

// One provider at a time: three calls whose goodbyes play at the same moment, in one process with
// their servers, starve each other's 20 ms pacing on a 2-core machine.
describe.each(PROVIDERS)('a %s call that reaches SESSION_TIMEOUT', (provider) => {
  let demo: SecuredDemo;

  beforeAll(async () => {
    demo = await startSecuredDemo({ SESSION_TIMEOUT: '1.5' });
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('ends like #: stops the greeting, says goodbye, hangs up once and closes', async () => {
    const call = await startCall(demo.callOptions(provider));
    const summary = await call.ended;
    expect(summary.durationMs).toBeGreaterThan(1400);
    expect(summary.durationMs).toBeLessThan(1500 + durationMs(goodbye.audio) + 1500);
    expect(summary.close?.code).toBe(1000);
    expect(summary.clears).toHaveLength(1);
    expect(summary.clears[0]?.atMs).toBeGreaterThan(1400);
    const hangUps = demo.api
      .hangUps(provider)
      .filter((request) => request.callId === summary.ids.callId);
    expect(hangUps).toHaveLength(1);
    const heard = call.heard(summary.clears[0]!.atMs, summary.durationMs);
    const goodbyeWords = asHeardOn(call, trimSilence(goodbye.audio, RATE));
    expect(findPlayedAudio(heard, goodbyeWords, RATE).waveformCorrelation).toBeGreaterThan(0.9);
    expect(findUnchanged(heard, goodbyeWords)).toBeDefined();
  });
});
