import { describe, expect, it } from 'vitest';
import { SpectralSteadiness } from './spectral-steadiness.js';

const ANALYSIS_RATE = 4000;
const WINDOW = 128;

/** A 32 ms window at 4 kHz of sines at `frequenciesHz`, starting `startSample` into the sound. */
function chord(frequenciesHz: number[], startSample: number): Float64Array {
  return Float64Array.from({ length: WINDOW }, (_, index) =>
    frequenciesHz.reduce(
      (sum, frequency) =>
        sum + Math.sin((2 * Math.PI * frequency * (startSample + index)) / ANALYSIS_RATE),
      0,
    ),
  );
}

/** Harmonics of `pitchHz` up to 1.9 kHz, as a voice's. */
function voice(pitchHz: number, startSample: number): Float64Array {
  const frequencies: number[] = [];
  for (let harmonic = 1; harmonic * pitchHz < 1900; harmonic++) {
    frequencies.push(harmonic * pitchHz);
  }
  return chord(frequencies, startSample);
}

describe('SpectralSteadiness', () => {
  it('finds a sustained chord alike from one window to the next', () => {
    const steadiness = new SpectralSteadiness(ANALYSIS_RATE, WINDOW);
    steadiness.analyse(chord([261.6, 329.6, 392], 0));
    expect(steadiness.similarity).toBe(0);
    steadiness.analyse(chord([261.6, 329.6, 392], WINDOW));
    expect(steadiness.similarity).toBeGreaterThan(0.97);
  });

  it('finds a voice whose pitch glides less alike', () => {
    const steadiness = new SpectralSteadiness(ANALYSIS_RATE, WINDOW);
    steadiness.analyse(voice(120, 0));
    steadiness.analyse(voice(126, WINDOW));
    expect(steadiness.similarity).toBeLessThan(0.9);
  });

  it('compares nothing across a skipped window', () => {
    const steadiness = new SpectralSteadiness(ANALYSIS_RATE, WINDOW);
    steadiness.analyse(chord([440], 0));
    steadiness.skip();
    steadiness.analyse(chord([440], 2 * WINDOW));
    expect(steadiness.similarity).toBe(0);
  });
});
