import { describe, expect, it } from 'vitest';
import { rootMeanSquare } from './decibels.js';
import { colouredNoise } from './noise-colours.js';
import { SeededRandom } from './seeded-random.js';

/** Power of the first difference over power of the signal: 2 for white noise, less for darker. */
function differencePowerRatio(signal: Float64Array): number {
  const difference = signal.subarray(1).map((value, index) => value - signal[index]!);
  return rootMeanSquare(difference) ** 2 / rootMeanSquare(signal) ** 2;
}

describe('colouredNoise', () => {
  it('has an RMS of one sample unit in every colour', () => {
    for (const colour of ['white', 'pink', 'brown'] as const) {
      expect(rootMeanSquare(colouredNoise(colour, 8000, new SeededRandom(1)))).toBeCloseTo(1, 9);
    }
  });

  it('is flat when white, darker when pink, darkest when brown', () => {
    const white = differencePowerRatio(colouredNoise('white', 80_000, new SeededRandom(2)));
    const pink = differencePowerRatio(colouredNoise('pink', 80_000, new SeededRandom(2)));
    const brown = differencePowerRatio(colouredNoise('brown', 80_000, new SeededRandom(2)));
    expect(white).toBeCloseTo(2, 1);
    expect(pink).toBeLessThan(white * 0.8);
    expect(brown).toBeLessThan(pink * 0.2);
  });

  it('is the same for the same seed', () => {
    expect(colouredNoise('pink', 100, new SeededRandom(5))).toEqual(
      colouredNoise('pink', 100, new SeededRandom(5)),
    );
  });
});
