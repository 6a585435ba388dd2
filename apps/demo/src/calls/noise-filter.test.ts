import { type SimulatedCall, startCall } from '@x/phone-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMonoWav, SPEECH_FIXTURE_PATH } from '../testing/audio-fixtures.js';
import { type SecuredDemo, startSecuredDemo } from '../testing/provider-test-setup.js';

/** Generous bound on waiting for the bot in a test, in milliseconds. */
const BOT_WAIT_MS = 15_000;
const speech = readMonoWav(SPEECH_FIXTURE_PATH);
const RATE = speech.sampleRate;
/** RMS of the caller's background noise (about −36 dBFS): a busy street behind the phone. */
const NOISE_RMS = 500;
/** Noise alone before the caller speaks, in ms: RNNoise learns the noise in about a second. */
const NOISE_LEAD_MS = 2500;
/** Noise alone after the caller spoke, in ms: long enough for the VAD to end the turn. */
const NOISE_TAIL_MS = 2000;
/** Blocks the echo is measured in, in ms: shorter than the pauses between the words. */
const BLOCK_MS = 50;

/** Deterministic white noise with `rms`, as a seeded generator makes it. */
function whiteNoise(samples: number, rms: number, seed = 1): Int16Array {
  const out = new Int16Array(samples);
  let state = seed;
  const amplitude = rms * Math.sqrt(3); // uniform noise in ±a has an RMS of a/√3
  for (let index = 0; index < samples; index++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    out[index] = Math.round((state / 2 ** 32 - 0.5) * 2 * amplitude);
  }
  return out;
}

function rms(audio: Int16Array): number {
  let sum = 0;
  for (const sample of audio) sum += sample * sample;
  return Math.sqrt(sum / Math.max(1, audio.length));
}

/** RMS of each `BLOCK_MS` block of `audio`. */
function blockLevels(audio: Int16Array): number[] {
  const block = (BLOCK_MS * RATE) / 1000;
  const levels: number[] = [];
  for (let start = 0; start + block <= audio.length; start += block) {
    levels.push(rms(audio.subarray(start, start + block)));
  }
  return levels;
}

/**
 * The background between the words: the quietest block from the first to the last block where
 * the words are (louder than twice the noise).
 */
function backgroundBetweenWords(audio: Int16Array): number {
  const levels = blockLevels(audio);
  const loud = (level: number) => level > 2 * NOISE_RMS;
  const first = levels.findIndex(loud);
  const last = levels.findLastIndex(loud);
  expect(first, 'no words in the echo').toBeGreaterThanOrEqual(0);
  return Math.min(...levels.slice(first, last + 1));
}

/** The loudest 200 ms block's RMS: where the words are. */
function loudestBlockRms(audio: Int16Array): number {
  const block = RATE / 5;
  let loudest = 0;
  for (let start = 0; start + block <= audio.length; start += block / 2) {
    loudest = Math.max(loudest, rms(audio.subarray(start, start + block)));
  }
  return loudest;
}

/** The words over noise, with noise alone before and after them. */
function noisyTurn(): Int16Array {
  const lead = (NOISE_LEAD_MS * RATE) / 1000;
  const tail = (NOISE_TAIL_MS * RATE) / 1000;
  const audio = whiteNoise(lead + speech.audio.length + tail, NOISE_RMS);
  for (let index = 0; index < speech.audio.length; index++) {
    audio[lead + index] = Math.max(
      -32768,
      Math.min(32767, audio[lead + index]! + speech.audio[index]!),
    );
  }
  return audio;
}

/** Says the noisy turn on a Twilio call; returns the echo the caller heard back. */
async function echoOfNoisyTurn(demo: SecuredDemo): Promise<Int16Array> {
  const call: SimulatedCall = await startCall(demo.callOptions('twilio'));
  const turnStart = call.now();
  await call.sendAudio({ pcm: noisyTurn(), sampleRate: RATE });
  // the echo starts after the words (the greeting played while the noise lead went on)
  const echoStart = await call.waitFor('bot-audio-start', {
    sinceMs: turnStart + NOISE_LEAD_MS,
    timeoutMs: BOT_WAIT_MS,
  });
  const echoEnd = await call.waitFor('bot-audio-end', {
    sinceMs: echoStart.atMs,
    timeoutMs: BOT_WAIT_MS,
  });
  const summary = await call.hangUp();
  expect(summary.protocolErrorCount).toBe(0);
  const heard = call.heard(echoStart.atMs, echoEnd.atMs);
  expect(
    heard.some((sample) => sample !== 0),
    'no echo was heard',
  ).toBe(true);
  return heard;
}

const decibels = (ratio: number) => 20 * Math.log10(ratio);

describe('NOISE_FILTER', () => {
  let filtered: SecuredDemo;
  let unfiltered: SecuredDemo;

  beforeAll(async () => {
    [filtered, unfiltered] = await Promise.all([
      startSecuredDemo({ NOISE_FILTER: 'on' }),
      startSecuredDemo({}),
    ]);
  });

  afterAll(async () => {
    await Promise.all([filtered?.close(), unfiltered?.close()]);
  });

  it('=on: the bot hears the words with the background noise taken out (RNNoise)', async () => {
    const echo = await echoOfNoisyTurn(filtered);
    // the noise in the pauses between the words, as the bot heard it, is at least 12 dB quieter…
    expect(decibels(backgroundBetweenWords(echo) / NOISE_RMS)).toBeLessThan(-12);
    // …while the words are still there, within 6 dB of their level as said
    expect(decibels(loudestBlockRms(echo) / loudestBlockRms(speech.audio))).toBeGreaterThan(-6);
  });

  it('off (the default): the bot hears the noise as it came', async () => {
    const echo = await echoOfNoisyTurn(unfiltered);
    expect(Math.abs(decibels(backgroundBetweenWords(echo) / NOISE_RMS))).toBeLessThan(3);
  });
});
