/**
 * Rewrites `calls-per-core.md` and `.json` from the recorded steps with the current targets and
 * the latest `calls-soak` result, without measuring again: for a soak that finished after the
 * calls-per-core run, or a change to how targets are judged.
 * `node dist/calls/calls-report-main.js` in `bench/` (`pnpm --filter @x/bench report:calls`
 * builds first); reads and writes `$BENCH_RESULTS_DIR` when set, else `results/`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDirectory, writeResults } from '../support/results.js';
import { type CallsPerCoreResults, callsPerCoreMarkdown } from './calls-per-core-report.js';
import { evaluateCallsTargets } from './calls-targets.js';
import { readSoakForTargets } from './latest-soak.js';

const RESULTS_NAME = 'calls-per-core';

function main(): void {
  const directory = resultsDirectory();
  const path = join(directory, `${RESULTS_NAME}.json`);
  const recorded = JSON.parse(readFileSync(path, 'utf8')) as CallsPerCoreResults;
  if (!Array.isArray(recorded.steps) || recorded.steps.length === 0) {
    throw new Error(`${path} holds no calls-per-core steps`);
  }
  const targets = evaluateCallsTargets(recorded.steps, readSoakForTargets(directory));
  const results: CallsPerCoreResults = { ...recorded, targets };
  const written = writeResults(RESULTS_NAME, callsPerCoreMarkdown(results), results);
  const failing = targets.filter((row) => row.verdict === 'fail').length;
  console.log(`wrote ${written.join(', ')} (${failing} of ${targets.length} checks fail)`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
