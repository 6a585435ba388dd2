/**
 * Benchmark runner: `pnpm bench` runs every benchmark, `pnpm bench codec` only those whose name
 * contains "codec". Each writes `bench/results/<name>.md` and `.json`.
 */
import type { Benchmark } from './benchmark.js';
import { callsPerCore } from './benchmarks/calls-per-core.js';
import { codecThroughput } from './benchmarks/codec-throughput.js';
import { reliability } from './benchmarks/reliability.js';
import { vad } from './benchmarks/vad.js';
import { machineInfo } from './support/machine.js';
import { writeResults } from './support/results.js';

const BENCHMARKS: Benchmark[] = [codecThroughput, callsPerCore, reliability, vad];

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
    const machine = machineInfo(benchmark.sources);
    console.log(`▶ ${benchmark.name}: ${benchmark.description}`);
    const result = await benchmark.run(machine);
    const paths = writeResults(benchmark.name, result.markdown, result.json);
    console.log(result.markdown);
    console.log(`\nwrote ${paths.join(', ')}`);
  }
}

main(process.argv.slice(2).filter((argument) => argument !== '--')).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
