/**
 * Writes the `calls-per-core` chart from results files:
 * `node dist/calls/calls-chart-main.js [--before <json>] [--after <json>] [--out <svg>]`
 * (in `bench/`; `pnpm --filter @x/bench chart` builds first). Defaults: before
 * `results/calls-per-core-before.json`, after `results/calls-per-core.json`, out
 * `results/calls-per-core.svg` (after and out in `$BENCH_RESULTS_DIR` when set).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { callsChartSvg } from './calls-chart.js';
import { defaultChartPaths, readChartableResults } from './calls-chart-files.js';

function main(): void {
  const defaults = defaultChartPaths();
  const { values } = parseArgs({
    options: {
      before: { type: 'string', default: defaults.before },
      after: { type: 'string', default: defaults.after },
      out: { type: 'string', default: defaults.out },
    },
  });
  const before = readChartableResults(values.before);
  const after = readChartableResults(values.after);
  if (!before && !after) {
    throw new Error(`neither ${values.before} nor ${values.after} holds calls-per-core results`);
  }
  if (!before) console.warn(`no "before" results in ${values.before}: the chart shows none`);
  if (!after) console.warn(`no "after" results in ${values.after}: the chart shows none`);
  writeFileSync(values.out, callsChartSvg(before, after));
  console.log(`wrote ${values.out}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
