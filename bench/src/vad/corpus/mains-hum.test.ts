import { describe, expect, it } from 'vitest';
import { rootMeanSquare } from './decibels.js';
import { crackleClick, handsetThump } from './line-clicks.js';
import { mainsHum } from './mains-hum.js';
import { SeededRandom } from './seeded-random.js';
import { powerAtFrequency } from './tone-power.js';

describe('mainsHum', () => {
  it('has the RMS asked for, its fundamental strongest, and harmonics of it only', () => {
    const hum = mainsHum(60, 1, 8000, 300);
    expect(rootMeanSquare(hum)).toBeCloseTo(300, 6);
    const fundamental = powerAtFrequency(hum, 60, 8000);
    expect(powerAtFrequency(hum, 180, 8000)).toBeLessThan(fundamental);
    expect(powerAtFrequency(hum, 180, 8000)).toBeGreaterThan(fundamental / 100);
    expect(powerAtFrequency(hum, 90, 8000)).toBeLessThan(fundamental / 1000);
  });
});

describe('line clicks', () => {
  it('start at up to their peak and decay by 60 dB within their length', () => {
    const random = new SeededRandom(9);
    for (const sound of [crackleClick(8000, 1000, random), handsetThump(8000, 1000, random)]) {
      const head = Math.max(...sound.subarray(0, 20).map(Math.abs));
      const tail = Math.max(...sound.subarray(-3).map(Math.abs));
      expect(head).toBeLessThanOrEqual(1000);
      expect(head).toBeGreaterThan(100);
      expect(tail).toBeLessThan(2);
    }
  });
});
