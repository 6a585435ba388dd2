import { describe, expect, it } from 'vitest';
import { RINGBACK_TONE } from './call-progress-tones.js';
import { rootMeanSquare, sinePeakForDbm0 } from './decibels.js';
import { addToneBurst, addTonePattern } from './tone-pattern.js';
import { powerAtFrequency } from './tone-power.js';

const RATE = 8000;

describe('addToneBurst', () => {
  it('sounds each frequency as a sine at its dBm0 level', () => {
    const signal = new Float64Array(RATE);
    addToneBurst(signal, RATE, 0, 1, [440, 480], [-19, -19]);
    const peak = sinePeakForDbm0(-19);
    expect(rootMeanSquare(signal, 800, 7200)).toBeCloseTo(peak, -1);
    expect(Math.sqrt(powerAtFrequency(signal, 440, RATE) * 4)).toBeCloseTo(peak, -2);
    expect(powerAtFrequency(signal, 1000, RATE)).toBeLessThan(
      powerAtFrequency(signal, 440, RATE) / 1000,
    );
  });
});

describe('addTonePattern', () => {
  it('plays ringback 2 s on and 4 s off from its start', () => {
    const signal = new Float64Array(RATE * 13);
    addTonePattern(signal, RATE, RINGBACK_TONE, 1, 13);
    const at = (secs: number) => rootMeanSquare(signal, secs * RATE, secs * RATE + 400);
    expect(at(0.5)).toBe(0);
    expect(at(1.5)).toBeGreaterThan(100);
    expect(at(2.5)).toBeGreaterThan(100);
    expect(at(4)).toBe(0);
    expect(at(7.5)).toBeGreaterThan(100);
    expect(at(10)).toBe(0);
  });

  it('raises the level by the gain given', () => {
    const quiet = new Float64Array(RATE * 2);
    const loud = new Float64Array(RATE * 2);
    addTonePattern(quiet, RATE, RINGBACK_TONE, 0, 2);
    addTonePattern(loud, RATE, RINGBACK_TONE, 0, 2, 6);
    expect(rootMeanSquare(loud) / rootMeanSquare(quiet)).toBeCloseTo(10 ** (6 / 20), 6);
  });
});
