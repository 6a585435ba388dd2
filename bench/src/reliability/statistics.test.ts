import { describe, expect, it } from 'vitest';
import { countInto, percentile, summarize } from './statistics.js';

describe('summarize', () => {
  it('gives count, min, median, 95th percentile and max by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(summarize(values)).toEqual({ count: 100, min: 1, median: 50, p95: 95, max: 100 });
  });

  it('gives NaN for every statistic of nothing', () => {
    const summary = summarize([]);
    expect(summary.count).toBe(0);
    expect([summary.min, summary.median, summary.p95, summary.max].every(Number.isNaN)).toBe(true);
  });

  it('gives the only value for every statistic of one value', () => {
    expect(summarize([7])).toEqual({ count: 1, min: 7, median: 7, p95: 7, max: 7 });
  });
});

describe('percentile', () => {
  it('never reads outside the values for fractions 0 and 1', () => {
    expect(percentile([3, 4, 5], 0)).toBe(3);
    expect(percentile([3, 4, 5], 1)).toBe(5);
  });
});

describe('countInto', () => {
  it('starts a key at the amount and adds to it afterwards', () => {
    const counts: Record<string, number> = {};
    countInto(counts, 'invalid-json');
    countInto(counts, 'invalid-json', 2);
    expect(counts).toEqual({ 'invalid-json': 3 });
  });
});
