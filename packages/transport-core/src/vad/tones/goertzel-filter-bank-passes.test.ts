import { describe, expect, it } from 'vitest';
import { GoertzelFilterBank } from './goertzel-filter-bank.js';

function noisyTones(samples: number): Int16Array {
  const window = new Int16Array(samples);
  let state = 5;
  for (let index = 0; index < samples; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    window[index] = Math.round(7000 * Math.sin(index * 0.9) + (state % 4001) - 2000);
  }
  return window;
}

describe('GoertzelFilterBank passes', () => {
  it('gives a filter whose blocks no other filter shares the share powerShare gives, bit for bit', () => {
    const bank = new GoertzelFilterBank(8000, 256, [
      { frequencyHz: 697, blockMs: 10 },
      { frequencyHz: 770, blockMs: 10 },
      { frequencyHz: 1100, blockMs: 6 },
      { frequencyHz: 440, blockMs: 32 },
      { frequencyHz: 1394, blockMs: 32, tapered: true },
    ]);
    const window = noisyTones(256);
    const energy = window.reduce((sum, sample) => sum + sample * sample, 0);
    const shares = new Float64Array(5);
    bank.powerShares(window, energy, shares);
    expect(shares[2]).toBe(bank.powerShare(window, 2, energy));
    expect(shares[3]).toBe(bank.powerShare(window, 3, energy));
    expect(shares[4]).toBe(bank.powerShare(window, 4, energy));
  });

  it('measures more filters than one pass holds, and any sub-range, as one at a time', () => {
    const frequencies = [350, 400, 425, 440, 450, 480, 620, 697, 770, 852, 941, 1209];
    const bank = new GoertzelFilterBank(
      16_000,
      512,
      frequencies.map((frequencyHz, index) => ({ frequencyHz, blockMs: index % 2 ? 10 : 32 })),
    );
    const window = noisyTones(512);
    const energy = window.reduce((sum, sample) => sum + sample * sample, 0);
    for (const [from, to] of [
      [0, frequencies.length],
      [3, 11],
    ] as const) {
      const shares = new Float64Array(frequencies.length).fill(-1);
      bank.powerShares(window, energy, shares, from, to);
      shares.forEach((share, index) => {
        if (index < from || index >= to) expect(share).toBe(-1);
        else expect(share).toBeCloseTo(bank.powerShare(window, index, energy), 12);
      });
    }
  });

  it('gives every filter of a silent window a share of 0', () => {
    const bank = new GoertzelFilterBank(8000, 256, [
      { frequencyHz: 697, blockMs: 10 },
      { frequencyHz: 1100, blockMs: 6 },
    ]);
    const shares = new Float64Array(2).fill(1);
    bank.powerShares(new Int16Array(256), 0, shares);
    expect([...shares]).toEqual([0, 0]);
  });
});
