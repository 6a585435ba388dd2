/**
 * Pipeline cost: our pipeline's own CPU per call-second, measured in one process without
 * sockets (steadier than `calls-per-core`, whose server and load share a small machine), with
 * the harness alone and an in-process bare echo for reference. With `PIPELINE_COST_BASELINE`,
 * runs of another built checkout alternate with this one's, so before/after comparisons cancel
 * the machine's drift.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from '../benchmark.js';
import type { ChildSettings } from '../pipeline-cost/child-protocol.js';
import { type MeasuredRun, runFigures } from '../pipeline-cost/cost-figures.js';
import {
  expectedRunSecs,
  type PipelineCostOptions,
  pipelineCostOptionsFromEnvironment,
  REFERENCE_WARMUP_SECS,
  runSecs,
} from '../pipeline-cost/pipeline-cost-options.js';
import {
  type PipelineCostResults,
  type ProfileResult,
  pipelineCostMarkdown,
  pipelineCostResults,
} from '../pipeline-cost/pipeline-cost-report.js';
import { summarizeProfileFile } from '../pipeline-cost/profile-summary.js';
import { runProblems } from '../pipeline-cost/run-health.js';
import { type PlannedRun, planRuns } from '../pipeline-cost/run-plan.js';
import { runTreeChild } from '../pipeline-cost/run-tree-child.js';
import { treeCommit } from '../pipeline-cost/tree-commit.js';
import { unbuiltTreeReason } from '../pipeline-cost/tree-packages.js';
import type { MachineInfo } from '../support/machine.js';

/** Root of this checkout: `bench/dist/benchmarks/` is three folders down. */
const THIS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where the profiled run's `.cpuprofile` goes (megabytes: not into the committed results). */
const PROFILE_DIRECTORY = join(os.tmpdir(), 'x-bench-pipeline-cost');
/** A measuring process that has not answered this long after its phases should have ended is killed, in ms. */
const CHILD_TIMEOUT_MARGIN_MS = 60_000;
/** Pause between runs, so the previous process is gone, in ms. */
const PAUSE_BETWEEN_RUNS_MS = 1_000;
const MS_PER_SECOND = 1000;

/** The baseline root, absolute: a relative one is taken from where `pnpm` was started. */
function absoluteBaseline(options: PipelineCostOptions): PipelineCostOptions {
  if (options.baselineRoot === undefined) return options;
  const from = process.env.INIT_CWD ?? process.cwd();
  return { ...options, baselineRoot: resolve(from, options.baselineRoot) };
}

function childSettings(
  options: PipelineCostOptions,
  run: PlannedRun,
  profilePath: string | undefined,
): ChildSettings {
  return {
    treeRoot: run.root,
    calls: options.calls,
    warmupSecs: options.warmupSecs,
    measureSecs: options.measureSecs,
    referenceWarmupSecs: REFERENCE_WARMUP_SECS,
    referenceSecs: options.referenceSecs,
    audioOut10msChunks: run.audioOut10msChunks,
    profilePath,
  };
}

function runLine(index: number, total: number, run: MeasuredRun, wallMs: number): string {
  const figures = run.figures;
  const problems = runProblems(run);
  return `  run ${index}/${total} ${run.plan.tree}${run.plan.profiled ? ' (profiled)' : ''}, ${run.plan.audioOut10msChunks * 10} ms chunks: harness ${figures.harnessMsPerCallSecond.toFixed(4)}, bare ${figures.bareMsPerCallSecond.toFixed(4)}, ours ${figures.oursMsPerCallSecond.toFixed(3)} ms/s per call (median second ${figures.oursMedianSecondMsPerCallSecond.toFixed(3)}, ${figures.oursOverBare.toFixed(1)}× bare), GC ${figures.oursGcMsPerCallSecond.toFixed(3)}, heap ${figures.heapPerCallKiB?.toFixed(1) ?? '—'} KiB per call, ${run.result.pipeline.lateTicks} late ticks${problems.length > 0 ? `; ${problems.join('; ')}` : ''} [${(wallMs / MS_PER_SECOND).toFixed(0)} s]`;
}

export const pipelineCost: Benchmark = {
  name: 'pipeline-cost',
  description:
    "our pipeline's own CPU per call-second in one process without sockets (harness and bare echo for reference), optionally interleaved with a baseline checkout",
  sources: [
    'packages/transport-core/src',
    'packages/serializer-twilio/src',
    'bench/src/pipeline-cost',
    'bench/src/calls/caller-speech.ts',
    'bench/src/support/synthetic-voice.ts',
    'bench/src/benchmarks/pipeline-cost.ts',
  ],
  async run(machine: MachineInfo) {
    const options = absoluteBaseline(pipelineCostOptionsFromEnvironment());
    for (const root of [THIS_ROOT, options.baselineRoot]) {
      const reason = root === undefined ? undefined : unbuiltTreeReason(root);
      if (reason) throw new Error(reason);
    }
    const plan = planRuns(options, THIS_ROOT);
    console.log(
      `  ${plan.length} runs of about ${runSecs(options)} s: about ${Math.ceil(expectedRunSecs(options) / 60)} minutes`,
    );
    const loadBefore = os.loadavg()[0]!;
    const runs: MeasuredRun[] = [];
    let profile: ProfileResult | undefined;
    for (const [index, planned] of plan.entries()) {
      const started = performance.now();
      let profilePath: string | undefined;
      if (planned.profiled) {
        mkdirSync(PROFILE_DIRECTORY, { recursive: true });
        profilePath = join(
          PROFILE_DIRECTORY,
          `pipeline-cost-${new Date().toISOString().replaceAll(':', '-')}.cpuprofile`,
        );
      }
      const result = await runTreeChild(
        childSettings(options, planned, profilePath),
        runSecs(options) * MS_PER_SECOND + CHILD_TIMEOUT_MARGIN_MS,
      );
      const run: MeasuredRun = { plan: planned, result, figures: runFigures(result) };
      runs.push(run);
      console.log(runLine(index + 1, plan.length, run, performance.now() - started));
      if (profilePath) profile = { path: profilePath, summary: summarizeProfileFile(profilePath) };
      await new Promise((wake) => setTimeout(wake, PAUSE_BETWEEN_RUNS_MS));
    }
    const results: PipelineCostResults = pipelineCostResults({
      machine,
      options,
      thisRoot: THIS_ROOT,
      baselineCommit:
        options.baselineRoot === undefined ? undefined : treeCommit(options.baselineRoot),
      loadAverage: { before: loadBefore, after: os.loadavg()[0]! },
      runs,
      profile,
    });
    return { markdown: pipelineCostMarkdown(results), json: results };
  },
};
