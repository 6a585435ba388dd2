import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIRECTORY, resultsDirectory } from '../support/results.js';
import type { ChartableResults } from './calls-chart.js';

/** The committed run the chart calls "before" (measured at commit d39b44d), kept unchanged. */
export const BEFORE_RESULTS_FILE = 'calls-per-core-before.json';
/** The latest run: "after". */
export const AFTER_RESULTS_FILE = 'calls-per-core.json';
/** The chart. */
export const CHART_FILE = 'calls-per-core.svg';

/** Where the chart reads and writes, by default. */
export interface ChartPaths {
  before: string;
  after: string;
  out: string;
}

/** "Before" from the committed results; "after" and the chart in the results directory in use. */
export function defaultChartPaths(environment: NodeJS.ProcessEnv = process.env): ChartPaths {
  const directory = resultsDirectory(environment);
  return {
    before: join(RESULTS_DIRECTORY, BEFORE_RESULTS_FILE),
    after: join(directory, AFTER_RESULTS_FILE),
    out: join(directory, CHART_FILE),
  };
}

/** A results file, or undefined when it is missing or not a `calls-per-core` result. */
export function readChartableResults(path: string): ChartableResults | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ChartableResults>;
    return Array.isArray(parsed.steps) ? (parsed as ChartableResults) : undefined;
  } catch {
    return undefined;
  }
}
