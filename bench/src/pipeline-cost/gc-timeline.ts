import { PerformanceObserver } from 'node:perf_hooks';

/** Microseconds in a millisecond (performance entries are in milliseconds). */
const MICROS_PER_MS = 1000;

/** Garbage collection in a span of time. */
export interface GcTotals {
  count: number;
  /** Time spent collecting, in microseconds. */
  micros: number;
}

/**
 * Every garbage collection of this process while observing (`PerformanceObserver` 'gc' entries,
 * on the `performance.now()` timeline), so the ones in a measured window can be summed later:
 * entries arrive asynchronously, after the collection.
 */
export class GcTimeline {
  readonly #starts: number[] = [];
  readonly #durations: number[] = [];
  readonly #observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      this.#starts.push(entry.startTime);
      this.#durations.push(entry.duration);
    }
  });

  start(): void {
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    this.#observer.disconnect();
  }

  /** Collections that started from `fromMs` to before `toMs` (`performance.now()` times). */
  within(fromMs: number, toMs: number): GcTotals {
    let count = 0;
    let durationMs = 0;
    for (let index = 0; index < this.#starts.length; index++) {
      const start = this.#starts[index]!;
      if (start < fromMs || start >= toMs) continue;
      count++;
      durationMs += this.#durations[index]!;
    }
    return { count, micros: durationMs * MICROS_PER_MS };
  }
}
