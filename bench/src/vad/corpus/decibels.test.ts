import { describe, expect, it } from 'vitest';
import { rmsForDbfs, rootMeanSquare, scaleToRms, sinePeakForDbm0 } from './decibels.js';

describe('levels', () => {
  it('puts 0 dBFS at an RMS of full scale and −20 dBFS at a tenth of it', () => {
    expect(rmsForDbfs(0)).toBe(32_768);
    expect(rmsForDbfs(-20)).toBeCloseTo(3276.8, 6);
  });

  it('puts a +3.17 dBm0 sine at full scale, as G.711 μ-law does', () => {
    expect(sinePeakForDbm0(3.17)).toBeCloseTo(32_768, 6);
    expect(sinePeakForDbm0(-16.83)).toBeCloseTo(3276.8, 3);
  });

  it('measures the RMS of a part of a signal', () => {
    expect(rootMeanSquare([3, 4, 0, 0], 0, 2)).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(rootMeanSquare([], 0, 0)).toBe(0);
  });

  it('scales a signal to a given RMS and leaves silence alone', () => {
    const signal = Float64Array.from([1, -1, 1, -1]);
    expect(rootMeanSquare(scaleToRms(signal, 100))).toBeCloseTo(100, 9);
    expect([...scaleToRms(new Float64Array(3), 100)]).toEqual([0, 0, 0]);
  });
});
