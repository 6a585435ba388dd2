import { describe, expect, it } from 'vitest';
import { leastSquaresSlope, type MemoryPoint, memoryTrend } from './memory-trend.js';

const MIB = 1024 * 1024;

/** A point every 5 s for `minutes`, RSS from `rssMiB` growing by `growthMiBPerMinute`. */
function points(minutes: number, rssMiB: number, growthMiBPerMinute: number): MemoryPoint[] {
  return Array.from({ length: (minutes * 60) / 5 + 1 }, (_, index) => {
    const atSecs = index * 5;
    return {
      atSecs,
      rssBytes: (rssMiB + (growthMiBPerMinute * atSecs) / 60) * MIB,
      // a garbage-collection saw-tooth with no trend
      heapUsedBytes: (20 + (index % 6)) * MIB,
      activeCalls: 300,
    };
  });
}

describe('leastSquaresSlope', () => {
  it('finds the slope of a straight line, and of noise around it', () => {
    expect(leastSquaresSlope([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(2, 12);
    expect(leastSquaresSlope([0, 1, 2, 3], [1, 4, 4, 7])).toBeCloseTo(1.8, 12);
  });

  it('gives 0 when there is nothing to fit', () => {
    expect(leastSquaresSlope([], [])).toBe(0);
    expect(leastSquaresSlope([5, 5], [1, 9])).toBe(0);
  });
});

describe('memoryTrend', () => {
  it('calls memory that grows 0.5 % per 10 minutes flat', () => {
    // 100 MiB growing 0.05 MiB a minute: 0.5 MiB (about 0.5 %) over 10 minutes
    const trend = memoryTrend(points(10, 100, 0.05), 120, 600);
    expect(trend.rss.slopeKiBPerMinute).toBeCloseTo(51.2, 6);
    expect(trend.rss.growthPer10Minutes).toBeCloseTo(0.005, 3);
    expect(trend.flat).toBe(true);
  });

  it('calls memory that grows 2 % per 10 minutes not flat', () => {
    const trend = memoryTrend(points(10, 100, 0.2), 120, 600);
    expect(trend.rss.growthPer10Minutes).toBeCloseTo(0.02, 2);
    expect(trend.flat).toBe(false);
  });

  it('leaves the warm-up out of the fit', () => {
    const warmingUp = points(10, 100, 0).map((point) =>
      point.atSecs < 120 ? { ...point, rssBytes: point.rssBytes / 2 } : point,
    );
    const trend = memoryTrend(warmingUp, 120, 600);
    expect(trend.fromSecs).toBe(120);
    expect(trend.points).toBe(97);
    expect(trend.rss.slopeKiBPerMinute).toBeCloseTo(0, 6);
    expect(trend.flat).toBe(true);
  });

  it('finds no trend in a saw-tooth heap', () => {
    const trend = memoryTrend(points(10, 100, 0), 0, 600);
    expect(Math.abs(trend.heap.growthPer10Minutes)).toBeLessThan(0.01);
  });

  it('gives no verdict with too few points', () => {
    expect(memoryTrend(points(1, 100, 0), 52, 60).flat).toBeUndefined();
  });
});
