/** Timing statistics over repeated runs of the same work. */
export interface TimingSummary {
  /** Median wall time of one run, in milliseconds. */
  medianMs: number;
  /** Fastest run, in milliseconds. */
  minMs: number;
  /** Slowest run, in milliseconds. */
  maxMs: number;
  /** Runs measured (after warm-up). */
  runs: number;
}

/** Options of `timeRuns`. */
export interface TimeRunsOptions {
  /** Measured runs; the median is reported. */
  runs: number;
  /** Unmeasured runs first, so the JIT has compiled the hot paths. */
  warmupRuns: number;
}

export const TIME_RUNS_DEFAULTS: TimeRunsOptions = { runs: 15, warmupRuns: 3 };

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs `work` repeatedly and summarises the wall times. `work` returns a value so it is not elided. */
export function timeRuns(
  work: () => unknown,
  options: Partial<TimeRunsOptions> = {},
): TimingSummary {
  const { runs, warmupRuns } = { ...TIME_RUNS_DEFAULTS, ...options };
  let sink = 0;
  for (let run = 0; run < warmupRuns; run++) sink += work() === undefined ? 0 : 1;
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    sink += work() === undefined ? 0 : 1;
    times.push(performance.now() - start);
  }
  if (sink < 0) console.log(sink);
  times.sort((a, b) => a - b);
  return { medianMs: median(times), minMs: times[0]!, maxMs: times[times.length - 1]!, runs };
}
