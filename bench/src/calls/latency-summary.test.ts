import { describe, expect, it } from 'vitest';
import { latencySummary } from './latency-summary.js';

describe('latencySummary', () => {
  it('gives the nearest-rank p50 and p99 and the max', () => {
    const values = Array.from({ length: 200 }, (_, index) => index + 1);
    expect(latencySummary(values)).toEqual({ count: 200, p50: 100, p99: 198, max: 200 });
  });

  it('gives zeros with a count of 0 for no values', () => {
    expect(latencySummary([])).toEqual({ count: 0, p50: 0, p99: 0, max: 0 });
  });
});
