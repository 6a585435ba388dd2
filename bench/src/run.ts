/**
 * Benchmark runner: `pnpm bench` runs every benchmark, `pnpm bench codec` only those whose name
 * contains "codec". Each writes `bench/results/<name>.md` and `.json` (or into `$BENCH_RESULTS_DIR`).
 * Opt-in benchmarks run only when their environment variable is set.
 */
import type { Benchmark } from './benchmark.js';
import { audioFilterRNNoise } from './benchmarks/audio-filter-rnnoise.js';
import { callsPerCore } from './benchmarks/calls-per-core.js';
import { callsSoak } from './benchmarks/calls-soak.js';
import { codecThroughput } from './benchmarks/codec-throughput.js';
import { pipelineCost } from './benchmarks/pipeline-cost.js';
import { reliability } from './benchmarks/reliability.js';
import { vad } from './benchmarks/vad.js';
import { machineInfo } from './support/machine.js';
import { writeResults } from './support/results.js';

// the soak comes before calls-per-core, whose targets table reads the soak's latest result
const BENCHMARKS: Benchmark[] = [
  codecThroughput,
  callsSoak,
  callsPerCore,
  reliability,
  vad,
  audioFilterRNNoise,
  pipelineCost,
];

async function main(filters: string[]): Promise<void> {
  const selected = BENCHMARKS.filter(
    (benchmark) =>
      filters.length === 0 || filters.some((filter) => benchmark.name.includes(filter)),
  );
  if (selected.length === 0) {
    const names = BENCHMARKS.map((benchmark) => benchmark.name).join(', ');
    throw new Error(`no benchmark matches ${filters.join(' ')}; available: ${names}`);
  }
  for (const benchmark of selected) {
    if (benchmark.enabledBy !== undefined && !process.env[benchmark.enabledBy]?.trim()) {
      console.log(`▷ ${benchmark.name}: skipped (opt-in: set ${benchmark.enabledBy} to run it)`);
      continue;
    }
    const machine = machineInfo(benchmark.sources);
    console.log(`▶ ${benchmark.name}: ${benchmark.description}`);
    const result = await benchmark.run(machine);
    const paths = writeResults(benchmark.name, result.markdown, result.json, result.extraFiles);
    console.log(result.markdown);
    console.log(`\nwrote ${paths.join(', ')}`);
  }
}

// options such as `--cpu-prof` are read by the benchmarks themselves, never names
main(process.argv.slice(2).filter((argument) => !argument.startsWith('--'))).catch(
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
