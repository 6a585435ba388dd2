import type { MachineInfo } from './support/machine.js';

/** What a benchmark hands back to the runner to record. */
export interface BenchmarkResult {
  /** The Markdown report (the runner adds nothing to it). */
  markdown: string;
  /** Everything measured, machine-readable. */
  json: unknown;
  /** More files to write next to the report: file name → content (e.g. a chart). */
  extraFiles?: Record<string, string>;
}

/** A named benchmark the runner can select with `pnpm bench <name>`. */
export interface Benchmark {
  /** File name of its results in `bench/results/` and the name used to select it. */
  name: string;
  /** One line saying what it measures. */
  description: string;
  /** Paths (from the repository root) whose code the result depends on. */
  sources: string[];
  /**
   * Opt-in benchmarks (long ones) run only when this environment variable is set; otherwise the
   * runner skips them, says so, and leaves their results alone.
   */
  enabledBy?: string;
  run(machine: MachineInfo): Promise<BenchmarkResult>;
}
