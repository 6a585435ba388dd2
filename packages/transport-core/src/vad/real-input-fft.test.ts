import { describe, expect, it } from 'vitest';
import { RealInputFft } from './real-input-fft.js';

/** The textbook in-place radix-2 FFT of `samples · taper` (what the VAD used before). */
function textbookFft(samples: Float64Array, taper: Float64Array, size: number) {
  const real = new Float64Array(size);
  const imaginary = new Float64Array(size);
  const bits = Math.log2(size);
  for (let index = 0; index < taper.length; index++) {
    let reversed = 0;
    for (let bit = 0; bit < bits; bit++) reversed |= ((index >> bit) & 1) << (bits - 1 - bit);
    real[reversed] = samples[index]! * taper[index]!;
  }
  for (let span = 1; span < size; span *= 2) {
    const step = size / (2 * span);
    for (let start = 0; start < size; start += 2 * span) {
      for (let offset = 0; offset < span; offset++) {
        const cosine = Math.cos((2 * Math.PI * offset * step) / size);
        const sine = -Math.sin((2 * Math.PI * offset * step) / size);
        const even = start + offset;
        const odd = even + span;
        const oddReal = real[odd]! * cosine - imaginary[odd]! * sine;
        const oddImaginary = real[odd]! * sine + imaginary[odd]! * cosine;
        real[odd] = real[even]! - oddReal;
        imaginary[odd] = imaginary[even]! - oddImaginary;
        real[even] = real[even]! + oddReal;
        imaginary[even] = imaginary[even]! + oddImaginary;
      }
    }
  }
  return { real, imaginary };
}

function randomSamples(length: number, seed: number): Float64Array {
  const samples = new Float64Array(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    samples[index] = (state % 65_536) - 32_768 + Math.sin(index * 0.2) * 0.001;
  }
  return samples;
}

describe('RealInputFft', () => {
  it('gives the textbook FFT of real input bit for bit (zeros aside), with and without padding', () => {
    for (const [size, windowSamples] of [
      [4, 4],
      [8, 5],
      [64, 64],
      [128, 128],
      [128, 100],
      [256, 256],
    ] as const) {
      const fft = new RealInputFft(size);
      for (let seed = 1; seed <= 5; seed++) {
        const samples = randomSamples(windowSamples, seed * size);
        const taper = randomSamples(windowSamples, seed + 99).map((value) => value / 32_768);
        const expected = textbookFft(samples, taper, size);
        fft.transform(samples, taper);
        for (let bin = 0; bin < size; bin++) {
          // === takes −0 for +0, the only difference allowed
          expect(fft.real[bin] === expected.real[bin]).toBe(true);
          expect(fft.imaginary[bin] === expected.imaginary[bin]).toBe(true);
        }
      }
    }
  });

  it('refuses a size that is not a power of two of at least 4', () => {
    expect(() => new RealInputFft(2)).toThrow(RangeError);
    expect(() => new RealInputFft(96)).toThrow(/power of two/);
  });
});
