import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';

describe('Histogram', () => {
  it('gives percentiles within 1 % and the exact max, mean and count', () => {
    const histogram = new Histogram();
    for (let value = 1; value <= 1000; value++) histogram.record(value);
    const percentiles = histogram.percentiles();
    expect(percentiles.count).toBe(1000);
    expect(percentiles.max).toBe(1000);
    expect(percentiles.mean).toBeCloseTo(500.5, 6);
    expect(percentiles.p50).toBeGreaterThanOrEqual(500 * 0.99);
    expect(percentiles.p50).toBeLessThanOrEqual(500 * 1.01);
    expect(percentiles.p90 / 900).toBeCloseTo(1, 1);
    expect(percentiles.p99 / 990).toBeCloseTo(1, 1);
  });

  it('counts zero and negative values as zero and ignores NaN', () => {
    const histogram = new Histogram();
    histogram.record(0);
    histogram.record(-5);
    histogram.record(Number.NaN);
    expect(histogram.percentiles()).toEqual({ count: 2, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
  });

  it('reports zeros when empty', () => {
    expect(new Histogram().percentiles()).toEqual({
      count: 0,
      p50: 0,
      p90: 0,
      p99: 0,
      max: 0,
      mean: 0,
    });
  });
});
