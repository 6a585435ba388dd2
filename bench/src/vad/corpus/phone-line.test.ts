import { describe, expect, it } from 'vitest';
import { throughPhoneLine, upsampledForPipeline } from './phone-line.js';

describe('throughPhoneLine', () => {
  it('comes back within μ-law quantisation and counts clipped samples', () => {
    const signal = Float64Array.from([0, 1000.4, -20_000, 40_000, -40_000]);
    const { audio, clipped } = throughPhoneLine(signal);
    expect(clipped).toBe(2);
    expect(Math.abs(audio[1]! - 1000)).toBeLessThanOrEqual(32);
    expect(Math.abs(audio[2]! + 20_000)).toBeLessThanOrEqual(1024);
    expect(audio[3]).toBeGreaterThan(32_000);
    expect(audio[4]).toBeLessThan(-32_000);
  });
});

describe('upsampledForPipeline', () => {
  it('doubles the samples of 8 kHz phone audio', () => {
    expect(upsampledForPipeline(new Int16Array(1600)).length).toBe(3200);
  });
});
