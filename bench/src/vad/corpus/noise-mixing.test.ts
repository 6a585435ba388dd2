import { describe, expect, it } from 'vitest';
import { rootMeanSquare } from './decibels.js';
import { colouredNoise } from './noise-colours.js';
import { activeSpeechRms, mixAtSnr } from './noise-mixing.js';
import { SeededRandom } from './seeded-random.js';

describe('noise mixing', () => {
  const clean = new Float64Array(8000);
  for (let index = 2000; index < 4000; index++) clean[index] = index % 2 ? 1000 : -1000;
  const spans = [{ startSample: 2000, endSample: 4000 }];

  it('measures the speech level over the labelled spans only', () => {
    expect(activeSpeechRms(clean, spans)).toBeCloseTo(1000, 9);
  });

  it('puts the background the SNR asked for below the active speech level', () => {
    const noise = colouredNoise('pink', 8000, new SeededRandom(1));
    for (const snrDb of [20, 10, 5]) {
      const mixed = mixAtSnr(clean, spans, noise, snrDb);
      const background = mixed.map((value, index) => value - clean[index]!);
      expect(20 * Math.log10(1000 / rootMeanSquare(background))).toBeCloseTo(snrDb, 6);
    }
  });
});
