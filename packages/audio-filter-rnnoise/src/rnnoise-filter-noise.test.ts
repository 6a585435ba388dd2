import { describe, expect, it } from 'vitest';
import { RNNoiseFilter } from './rnnoise-filter.js';
import { fixture, speechSegments } from './testing/fixtures.js';
import { filterInChunks } from './testing/run-filter.js';
import { levelDb } from './testing/signal-measures.js';
import { pinkNoise, whiteNoise } from './testing/synthetic-noise.js';

/** Seconds RNNoise is given to learn a steady noise before its level is measured. */
const ADAPTATION_SECS = 1;
/** Seconds of steady noise measured after that. */
const MEASURED_SECS = 2;
/** Peak amplitude of the synthetic noise: about −35 dBFS RMS, a noisy phone line. */
const NOISE_AMPLITUDE = 1000;
/** Measured 34 to 55 dB at 8 and 16 kHz (white and pink); an unfiltered signal gives 0. */
const MINIMUM_NOISE_ATTENUATION_DB = 20;
/** Measured about 30 dB in the fixture's pauses; an unfiltered signal gives 0. */
const MINIMUM_PAUSE_NOISE_DROP_DB = 20;
/** Measured 0.2 to 0.5 dB lost in the fixture's phrases. */
const MAXIMUM_SPEECH_LOSS_DB = 3;
/** Seconds left out at each end of a pause or phrase (onsets, decays, the filter's delay). */
const EDGE_SECS = 0.1;
/** Caller frames as the transport hands them over: 20 ms. */
const FRAME_MS = 20;

async function startedFilter(sampleRate: number): Promise<RNNoiseFilter> {
  const filter = new RNNoiseFilter();
  await filter.start(sampleRate, 1);
  return filter;
}

function frameSamples(sampleRate: number): number {
  return (sampleRate * FRAME_MS) / 1000;
}

describe('RNNoiseFilter on noise', () => {
  for (const sampleRate of [8000, 16_000]) {
    for (const [name, makeNoise] of [
      ['white', whiteNoise],
      ['pink', pinkNoise],
    ] as const) {
      it(`attenuates steady ${name} noise alone at ${sampleRate} Hz by at least ${MINIMUM_NOISE_ATTENUATION_DB} dB once it has heard a second of it`, async () => {
        const noise = makeNoise(sampleRate * (ADAPTATION_SECS + MEASURED_SECS), NOISE_AMPLITUDE);
        const filter = await startedFilter(sampleRate);
        const output = filterInChunks(filter, noise, frameSamples(sampleRate));
        const from = sampleRate * ADAPTATION_SECS;
        const attenuationDb = levelDb(noise, from) - levelDb(output, from);
        expect(attenuationDb).toBeGreaterThanOrEqual(MINIMUM_NOISE_ATTENUATION_DB);
      });
    }
  }

  it(`lowers the noise in the pauses of speech in noise by at least ${MINIMUM_PAUSE_NOISE_DROP_DB} dB while the phrases lose at most ${MAXIMUM_SPEECH_LOSS_DB} dB`, async () => {
    const { audio: noisy, sampleRate } = fixture('speech-in-noise-8k');
    const filter = await startedFilter(sampleRate);
    const output = filterInChunks(filter, noisy, frameSamples(sampleRate));
    const delay = Math.round((filter.latencyMs! * sampleRate) / 1000);
    const aligned = output.subarray(delay);
    const [first, second] = speechSegments('speech-8k') as [[number, number], [number, number]];
    const pauses: [number, number][] = [
      [EDGE_SECS, first[0] - EDGE_SECS],
      [first[1] + EDGE_SECS, second[0] - EDGE_SECS],
    ];
    for (const [start, end] of pauses) {
      const range = [Math.round(start * sampleRate), Math.round(end * sampleRate)] as const;
      expect(levelDb(noisy, ...range) - levelDb(aligned, ...range)).toBeGreaterThanOrEqual(
        MINIMUM_PAUSE_NOISE_DROP_DB,
      );
    }
    for (const [start, end] of [first, second]) {
      const range = [Math.round(start * sampleRate), Math.round(end * sampleRate)] as const;
      expect(levelDb(noisy, ...range) - levelDb(aligned, ...range)).toBeLessThanOrEqual(
        MAXIMUM_SPEECH_LOSS_DB,
      );
    }
  });

  it('keeps speech recorded without noise close to the original (correlation above 0.98)', async () => {
    const { audio: clean, sampleRate } = fixture('speech-16k');
    const filter = await startedFilter(sampleRate);
    const output = filterInChunks(filter, clean, frameSamples(sampleRate));
    const delay = Math.round((filter.latencyMs! * sampleRate) / 1000);
    const length = clean.length - delay;
    let product = 0;
    let cleanPower = 0;
    let outputPower = 0;
    for (let index = 0; index < length; index++) {
      product += clean[index]! * output[index + delay]!;
      cleanPower += clean[index]! ** 2;
      outputPower += output[index + delay]! ** 2;
    }
    expect(product / Math.sqrt(cleanPower * outputPower)).toBeGreaterThan(0.98);
  });

  it("reports RNNoise's voice probability: high during the phrases, low in the pauses", async () => {
    const { audio, sampleRate } = fixture('speech-in-noise-8k');
    const segments = speechSegments('speech-8k');
    const filter = await startedFilter(sampleRate);
    expect(filter.lastVoiceProbability).toBe(0);
    const chunk = sampleRate / 100;
    const inSpeech: number[] = [];
    const inPauses: number[] = [];
    for (let offset = 0; offset + chunk <= audio.length; offset += chunk) {
      filter.filter(audio.slice(offset, offset + chunk));
      const secs = (offset + chunk) / sampleRate;
      const speaking = segments.some(([start, end]) => secs > start + EDGE_SECS && secs < end);
      const near = segments.some(([start, end]) => secs > start - 0.2 && secs < end + 0.3);
      if (speaking) inSpeech.push(filter.lastVoiceProbability);
      else if (!near) inPauses.push(filter.lastVoiceProbability);
    }
    const mean = (values: number[]) =>
      values.reduce((sum, value) => sum + value, 0) / values.length;
    // measured 0.84 and 0.08
    expect(mean(inSpeech)).toBeGreaterThan(0.6);
    expect(mean(inPauses)).toBeLessThan(0.25);
  });
});
