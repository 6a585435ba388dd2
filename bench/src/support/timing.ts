/** Timing statistics over repeated runs of the same work. */
export interface TimingSummary {
  /** Median process CPU time (user + system) of one run, in milliseconds. */
  medianCpuMs: number;
  /** Median wall time of one run, in milliseconds. */
  medianWallMs: number;
  /** Fastest run by CPU time, in milliseconds. */
  minCpuMs: number;
  /** Slowest run by CPU time, in milliseconds. */
  maxCpuMs: number;
  /** Runs measured (after warm-up). */
  runs: number;
}

/** Options of `timeInterleaved`. */
export interface TimeRunsOptions {
  /** Measured rounds; medians are reported. */
  runs: number;
  /** Unmeasured rounds first, so the JIT has compiled the hot paths. */
  warmupRuns: number;
}

export const TIME_RUNS_DEFAULTS: TimeRunsOptions = { runs: 15, warmupRuns: 3 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

let sink = 0;

function consume(value: unknown): void {
  sink += value === undefined ? 0 : 1;
}

/**
 * Times several pieces of work in interleaved rounds (each round runs every one once), so that a
 * burst of load from other processes on a shared machine spreads over all of them instead of
 * hitting one. Reports process CPU time, which such load disturbs less than wall time, and wall
 * time. Each `work` returns a value so that the JIT cannot drop it.
 */
export function timeInterleaved(
  works: Array<() => unknown>,
  options: Partial<TimeRunsOptions> = {},
): TimingSummary[] {
  const { runs, warmupRuns } = { ...TIME_RUNS_DEFAULTS, ...options };
  for (let round = 0; round < warmupRuns; round++) for (const work of works) consume(work());
  const cpu = works.map((): number[] => []);
  const wall = works.map((): number[] => []);
  for (let round = 0; round < runs; round++) {
    works.forEach((work, index) => {
      const cpuStart = process.cpuUsage();
      const wallStart = performance.now();
      consume(work());
      const wallMs = performance.now() - wallStart;
      const cpuUsed = process.cpuUsage(cpuStart);
      cpu[index]!.push((cpuUsed.user + cpuUsed.system) / 1000);
      wall[index]!.push(wallMs);
    });
  }
  if (sink < 0) console.log(sink);
  return works.map((_, index) => ({
    medianCpuMs: median(cpu[index]!),
    medianWallMs: median(wall[index]!),
    minCpuMs: Math.min(...cpu[index]!),
    maxCpuMs: Math.max(...cpu[index]!),
    runs,
  }));
}
