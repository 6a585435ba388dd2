import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { DelayPercentiles } from './ipc-messages.js';

const MICROSECONDS_PER_MS = 1000;

/** Delays in milliseconds, kept to the microsecond in a fixed-size HDR histogram. */
export class DelayHistogram {
  #histogram: RecordableHistogram = createHistogram();

  /** Records a delay (values under 1 µs count as 1 µs). */
  record(delayMs: number): void {
    this.#histogram.record(Math.max(1, Math.round(delayMs * MICROSECONDS_PER_MS)));
  }

  /** Percentiles since the previous call, then starts over. */
  take(): DelayPercentiles {
    const histogram = this.#histogram;
    const result = percentilesOf(histogram, MICROSECONDS_PER_MS);
    histogram.reset();
    return result;
  }
}

/** p50, p99 and max of a perf_hooks histogram whose values are in `unitsPerMs` per millisecond. */
export function percentilesOf(
  histogram: { count: number; max: number; percentile(p: number): number },
  unitsPerMs: number,
): DelayPercentiles {
  if (histogram.count === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  return {
    count: histogram.count,
    p50: histogram.percentile(50) / unitsPerMs,
    p99: histogram.percentile(99) / unitsPerMs,
    max: histogram.max / unitsPerMs,
  };
}
