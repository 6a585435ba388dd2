import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimulatedCall, startCall } from '@x/phone-simulator';
import { parseWav, WAV_HEADER_BYTES } from '@x/transport-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GREETING_PATH, readMonoWav, SPEECH_FIXTURE_PATH } from '../testing/audio-fixtures.js';
import { findPlayedAudio, findUnchanged, trimSilence } from '../testing/audio-similarity.js';
import { type SecuredDemo, startSecuredDemo } from '../testing/provider-test-setup.js';

/** Generous bound on waiting for the bot in a test, in milliseconds. */
const BOT_WAIT_MS = 8000;
const speech = readMonoWav(SPEECH_FIXTURE_PATH);
const greeting = readMonoWav(GREETING_PATH);
const RATE = speech.sampleRate;
/** How much of the greeting plays before the caller speaks over it, in milliseconds. */
const GREETING_HEARD_MS = 1000;
/** Byte offset of the data chunk's size in the header. */
const DATA_SIZE_OFFSET = 40;

/** `audio` as the caller hears it through the call's codec. */
function asHeardOn(call: SimulatedCall, audio: Int16Array): Int16Array {
  return call.codec.decode(call.codec.encode(audio));
}

/** The file's bytes once its recording is closed (the header then holds the real sizes). */
async function finishedRecording(directory: string): Promise<{ name: string; bytes: Uint8Array }> {
  let found: { name: string; bytes: Uint8Array } | undefined;
  await vi.waitFor(
    async () => {
      const [name] = await readdir(directory);
      expect(name).toBeDefined();
      const bytes = new Uint8Array(await readFile(join(directory, name!)));
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      expect(view.getUint32(DATA_SIZE_OFFSET, true)).toBe(bytes.length - WAV_HEADER_BYTES);
      found = { name: name!, bytes };
    },
    { timeout: BOT_WAIT_MS, interval: 50 },
  );
  return found!;
}

describe('a call with RECORD_DIR set', () => {
  let demo: SecuredDemo;
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'demo-recordings-'));
    demo = await startSecuredDemo({ RECORD_DIR: directory });
  });

  afterAll(async () => {
    await demo?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('is written to <provider>-<callId>-<time>.wav: the caller on the left, the bot on the right', async () => {
    const call = await startCall(demo.callOptions('twilio'));
    await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
    await vi.waitFor(
      () => expect(call.summary().bot.audioPlayedMs).toBeGreaterThan(GREETING_HEARD_MS),
      { timeout: BOT_WAIT_MS, interval: 50 },
    );
    await call.sendAudio({ wavFile: SPEECH_FIXTURE_PATH });
    const words = asHeardOn(call, trimSilence(speech.audio, RATE));
    await vi.waitFor(() => expect(findUnchanged(call.heard(0), words)).toBeDefined(), {
      timeout: BOT_WAIT_MS,
      interval: 100,
    });
    const summary = await call.hangUp();

    const { name, bytes } = await finishedRecording(directory);
    expect(name).toMatch(
      new RegExp(
        `^twilio-${summary.ids.callId}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z\\.wav$`,
      ),
    );
    const wav = parseWav(bytes);
    expect(wav).toMatchObject({ sampleRate: RATE, numChannels: 2 });
    const caller = wav.audio.filter((_, index) => index % 2 === 0);
    const bot = wav.audio.filter((_, index) => index % 2 === 1);
    // The caller's channel holds their words as the server received them…
    const callerWords = findPlayedAudio(caller, words, RATE);
    expect(callerWords.waveformCorrelation).toBeGreaterThan(0.9);
    expect(findUnchanged(caller, words)).toBeDefined();
    // …and the bot's the greeting from the start of the call (the samples sent, before the
    // codec), then the echo after the words.
    const opening = greeting.audio.subarray(0, (RATE * GREETING_HEARD_MS) / 1000);
    const greetingMatch = findPlayedAudio(bot, opening, RATE);
    expect(greetingMatch.waveformCorrelation).toBeGreaterThan(0.9);
    expect(findUnchanged(bot, opening)).toBeDefined();
    expect(greetingMatch.offsetMs).toBeLessThan(callerWords.offsetMs);
    const echoMatch = findPlayedAudio(
      bot.subarray(Math.round((callerWords.offsetMs * RATE) / 1000)),
      words,
      RATE,
    );
    expect(echoMatch.waveformCorrelation).toBeGreaterThan(0.9);
    // The greeting was cut when the caller spoke: none of its later words are in the recording.
    const lateGreeting = greeting.audio.subarray(RATE * 4, RATE * 5);
    expect(findUnchanged(bot, lateGreeting)).toBeUndefined();
  });
});
