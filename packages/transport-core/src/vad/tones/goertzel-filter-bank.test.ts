import { describe, expect, it } from 'vitest';
import { GoertzelFilterBank } from './goertzel-filter-bank.js';

/** `samples` of the sum of sines at `frequenciesHz`, each of peak `amplitude` (sample units). */
function sines(
  frequenciesHz: number[],
  sampleRate: number,
  samples: number,
  amplitude = 8000,
): Int16Array {
  const result = new Int16Array(samples);
  for (let index = 0; index < samples; index++) {
    let value = 0;
    frequenciesHz.forEach((frequency, which) => {
      value += amplitude * Math.sin((2 * Math.PI * frequency * index) / sampleRate + which);
    });
    result[index] = Math.round(value);
  }
  return result;
}

function energyOf(window: Int16Array): number {
  return window.reduce((sum, sample) => sum + sample * sample, 0);
}

describe('GoertzelFilterBank', () => {
  it('gives a pure tone at its frequency a share of about 1 and a distant one about 0', () => {
    const bank = new GoertzelFilterBank(8000, 256, [
      { frequencyHz: 697, blockMs: 10 },
      { frequencyHz: 1209, blockMs: 10 },
    ]);
    const tone = sines([697], 8000, 256);
    expect(bank.powerShare(tone, 0, energyOf(tone))).toBeCloseTo(1, 1);
    expect(bank.powerShare(tone, 1, energyOf(tone))).toBeLessThan(0.02);
  });

  it('splits the energy of two tones between their filters', () => {
    const bank = new GoertzelFilterBank(16_000, 512, [
      { frequencyHz: 440, blockMs: 32 },
      { frequencyHz: 480, blockMs: 32 },
      { frequencyHz: 620, blockMs: 32 },
    ]);
    const ringback = sines([440, 480], 16_000, 512);
    const shares = new Float64Array(3);
    bank.powerShares(ringback, energyOf(ringback), shares);
    expect(shares[0]).toBeCloseTo(0.5, 1);
    expect(shares[1]).toBeCloseTo(0.5, 1);
    expect(shares[2]).toBeLessThan(0.02);
  });

  it('measures filters together exactly as one at a time', () => {
    const specifications = [440, 480, 620, 697, 770, 852, 941].map((frequencyHz, index) => ({
      frequencyHz,
      blockMs: index < 3 ? 32 : 10,
    }));
    const bank = new GoertzelFilterBank(8000, 256, specifications);
    const window = sines([450, 800, 1300], 8000, 256);
    const energy = energyOf(window);
    const together = new Float64Array(specifications.length);
    bank.powerShares(window, energy, together);
    specifications.forEach((_, index) => {
      expect(together[index]).toBeCloseTo(bank.powerShare(window, index, energy), 12);
    });
  });

  it('tolerates a tone off its frequency with short blocks, and separates close tones with long ones', () => {
    const offKey = sines([1633 * 1.015], 8000, 256);
    const short = new GoertzelFilterBank(8000, 256, [{ frequencyHz: 1633, blockMs: 10 }]);
    const long = new GoertzelFilterBank(8000, 256, [{ frequencyHz: 1633, blockMs: 32 }]);
    expect(short.powerShare(offKey, 0, energyOf(offKey))).toBeGreaterThan(0.7);
    expect(long.powerShare(offKey, 0, energyOf(offKey))).toBeLessThan(0.4);
  });

  it('keeps a strong neighbour out of a tapered filter', () => {
    // the second harmonic of 697 Hz (1394 Hz) next to a 1336 Hz column tone
    const column = sines([1336], 8000, 256);
    const plain = new GoertzelFilterBank(8000, 256, [{ frequencyHz: 1394 * 1.03, blockMs: 32 }]);
    const tapered = new GoertzelFilterBank(8000, 256, [
      { frequencyHz: 1394 * 1.03, blockMs: 32, tapered: true },
    ]);
    const energy = energyOf(column);
    expect(tapered.powerShare(column, 0, energy)).toBeLessThan(
      plain.powerShare(column, 0, energy) / 10,
    );
  });

  it('gives silence a share of 0', () => {
    const bank = new GoertzelFilterBank(8000, 80, [{ frequencyHz: 1100, blockMs: 6 }]);
    expect(bank.powerShare(new Int16Array(80), 0, 0)).toBe(0);
  });

  it('refuses frequencies at or above half the sample rate, naming them', () => {
    expect(() => new GoertzelFilterBank(8000, 256, [{ frequencyHz: 4000, blockMs: 10 }])).toThrow(
      /4000/,
    );
    expect(() => new GoertzelFilterBank(8000, 0, [])).toThrow(/window/);
  });
});
