import { type MachineInfo, machineMarkdown } from '../support/machine.js';
import { markdownTable } from '../support/results.js';
import {
  type BaselineComparison,
  compareWithBaseline,
  type MeasuredRun,
  type TreeMedians,
  treeMedians,
} from './cost-figures.js';
import { ECHO_BATCH_MS } from './pipeline-call.js';
import type { PipelineCostOptions } from './pipeline-cost-options.js';
import { runProblems } from './run-health.js';

/** The CPU profile of the profiled run, summarised. */
export interface ProfileResult {
  /** Where the `.cpuprofile` was written. */
  path: string;
  /** `calls/summarize-cpu-profile`'s Markdown. */
  summary: string;
}

/** Everything the benchmark writes as JSON. */
export interface PipelineCostResults {
  machine: MachineInfo;
  options: PipelineCostOptions;
  /** Root of this checkout. */
  thisRoot: string;
  /** Commit of the baseline checkout (its `git rev-parse HEAD`); none without a baseline. */
  baselineCommit: string | undefined;
  /** One-minute load average of the machine before the first run and after the last. */
  loadAverage: { before: number; after: number };
  runs: MeasuredRun[];
  /** Medians per tree and chunk size, computed from `runs` by `treeMedians`. */
  medians: TreeMedians[];
  /** This tree over the baseline, computed from `runs` by `compareWithBaseline`; empty without one. */
  comparisons: BaselineComparison[];
  profile: ProfileResult | undefined;
}

/** The results of `runs`, with their medians and comparison computed (never written by hand). */
export function pipelineCostResults(
  facts: Omit<PipelineCostResults, 'medians' | 'comparisons'>,
): PipelineCostResults {
  return {
    ...facts,
    medians: treeMedians(facts.runs),
    comparisons: compareWithBaseline(facts.runs),
  };
}

function fixed(value: number | undefined, digits: number): string {
  return value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function chunkLabel(audioOut10msChunks: number): string {
  return `${audioOut10msChunks * 10} ms`;
}

function settingsMarkdown(results: PipelineCostResults): string {
  const { options } = results;
  return markdownTable(
    ['setting', 'value'],
    [
      ['calls in the process', String(options.calls)],
      ['our pipeline: warm-up, measured', `${options.warmupSecs} s, ${options.measureSecs} s`],
      ['harness alone, bare echo: measured (after 2 s warm-up)', `${options.referenceSecs} s each`],
      ['output chunks', options.audioOut10msChunks.map(chunkLabel).join(', ')],
      ['echo batches', `${ECHO_BATCH_MS} ms`],
      ['repeats per tree', String(options.repeats)],
      ['this tree', `\`${results.thisRoot}\``],
      [
        'baseline tree',
        options.baselineRoot
          ? `\`${options.baselineRoot}\` at \`${results.baselineCommit ?? 'unknown'}\``
          : 'none',
      ],
      [
        'load average (1 min) before, after',
        `${fixed(results.loadAverage.before, 2)}, ${fixed(results.loadAverage.after, 2)}`,
      ],
    ],
  );
}

function comparisonMarkdown(comparisons: readonly BaselineComparison[]): string {
  return markdownTable(
    [
      'chunks',
      'ours: this / baseline, per repeat',
      '**median**',
      'ours by median second, per repeat',
      'median',
      'bare echo with harness: this / baseline (drift check, same code)',
      'median',
    ],
    comparisons.map((comparison) => [
      chunkLabel(comparison.audioOut10msChunks),
      comparison.oursRatios.map((ratio) => ratio.toFixed(3)).join(', '),
      `**${comparison.medianOursRatio.toFixed(3)}**`,
      comparison.oursMedianSecondRatios.map((ratio) => ratio.toFixed(3)).join(', '),
      comparison.medianOursMedianSecondRatio.toFixed(3),
      comparison.bareRatios.map((ratio) => ratio.toFixed(3)).join(', '),
      comparison.medianBareRatio.toFixed(3),
    ]),
  );
}

function mediansMarkdown(medians: readonly TreeMedians[]): string {
  return markdownTable(
    [
      'tree',
      'chunks',
      'runs',
      'harness',
      'bare echo',
      '**ours**',
      'ours / bare',
      'GC in ours',
      'heap per call (KiB)',
    ],
    medians.map((row) => [
      row.tree,
      chunkLabel(row.audioOut10msChunks),
      String(row.runs),
      fixed(row.harnessMsPerCallSecond, 4),
      fixed(row.bareMsPerCallSecond, 4),
      `**${fixed(row.oursMsPerCallSecond, 3)}**`,
      fixed(row.oursOverBare, 1),
      fixed(row.oursGcMsPerCallSecond, 3),
      fixed(row.heapPerCallKiB, 1),
    ]),
  );
}

function runsMarkdown(runs: readonly MeasuredRun[]): string {
  return markdownTable(
    [
      '#',
      'tree',
      'chunks',
      'harness',
      'bare echo',
      'ours',
      'ours (median second)',
      'ours / bare',
      'GC in ours (GCs/s)',
      'heap per call (KiB)',
      'sent per call-s',
      'speech starts, clears per call-min',
      'late ticks (latest ms)',
      'problems',
    ],
    runs.map((run, index) => [
      `${index + 1}${run.plan.profiled ? ' (profiled, not in the medians)' : ''}`,
      run.plan.tree,
      chunkLabel(run.plan.audioOut10msChunks),
      fixed(run.figures.harnessMsPerCallSecond, 4),
      fixed(run.figures.bareMsPerCallSecond, 4),
      fixed(run.figures.oursMsPerCallSecond, 3),
      fixed(run.figures.oursMedianSecondMsPerCallSecond, 3),
      fixed(run.figures.oursOverBare, 1),
      `${fixed(run.figures.oursGcMsPerCallSecond, 3)} (${fixed(run.figures.oursGcPerSecond, 1)})`,
      fixed(run.figures.heapPerCallKiB, 1),
      fixed(run.figures.sentPerCallSecond, 1),
      `${fixed(run.figures.speechStartsPerCallMinute, 1)}, ${fixed(run.figures.clearsPerCallMinute, 1)}`,
      `${run.result.pipeline.lateTicks} (${fixed(run.result.pipeline.maxTickLatenessMs, 0)})`,
      runProblems(run).join('; ') || 'none',
    ]),
  );
}

function featureNotes(runs: readonly MeasuredRun[]): string[] {
  const notes: string[] = [];
  for (const tree of ['baseline', 'this'] as const) {
    const run = runs.find((candidate) => candidate.plan.tree === tree);
    if (!run) continue;
    if (!run.result.features.interruptionReplay) {
      notes.push(
        `- The ${tree} tree has no \`InterruptionFrame\`: its echo bot does not answer interruptions again.`,
      );
    }
    if (!run.result.features.speechStartCount) {
      notes.push(
        `- The ${tree} tree has no \`VADUserStartedSpeakingFrame\`: speech starts not counted.`,
      );
    }
    if (!run.result.gcExposed)
      notes.push(`- No \`--expose-gc\` in the ${tree} runs: no heap figures.`);
  }
  return notes;
}

/** The Markdown report. */
export function pipelineCostMarkdown(results: PipelineCostResults): string {
  const lines = [
    '# pipeline-cost',
    '',
    "Our pipeline's own CPU per call-second, in one process without sockets: N simulated Twilio",
    'calls, each a counting fake socket, `createTwilio({ env: {} })` and its serializer (not',
    'call-bound), `WebSocketTransport` at 8 kHz with the core `EnergyVADAnalyzer`, a `PipelineTask`',
    '(interruptions allowed) and an echo bot returning caller audio as bot speech in',
    `${ECHO_BATCH_MS} ms batches. One real-clock 20 ms timer hands every call a Twilio \`media\``,
    "message (base64 μ-law of the calls benchmark's synthetic voice: 3 s turns, pauses, barge-ins).",
    "Each run is a fresh `node --expose-gc` process importing the measured tree's `packages/*/dist`;",
    'it measures the **harness** alone (messages made and handed to nobody), the **bare echo**',
    '(`JSON.parse` of each message, a prebuilt message sent back) and **ours**, each with',
    '`process.cpuUsage()` over a window after a warm-up. Bare echo and ours are shown with the',
    'harness taken off. Figures are milliseconds of CPU per second of one call (ms/s per call);',
    'GC is the time in collections (`PerformanceObserver`), heap per call is measured after forced',
    'collections with every call running. Without sockets, "ours / bare" is not the',
    "`calls-per-core` ratio: there the bare echo's cost is mostly the network.",
    '',
    machineMarkdown(results.machine),
    '',
    settingsMarkdown(results),
    '',
  ];
  if (results.comparisons.length > 0) {
    lines.push(
      '## This tree against the baseline',
      '',
      'Each repeat ran the baseline, then this tree, in turn (A/B/A/B…); a ratio below 1 means this',
      'tree costs less. The bare echo with the harness is the same code in both runs of a pair: its',
      'ratio shows how much the machine drifted between them (it is small, so it is noisier).',
      '',
      comparisonMarkdown(results.comparisons),
      '',
    );
  }
  lines.push(
    '## Medians (ms/s per call)',
    '',
    mediansMarkdown(results.medians),
    '',
    '## Runs (ms/s per call), in the order they ran',
    '',
    runsMarkdown(results.runs),
    '',
  );
  const notes = featureNotes(results.runs);
  if (notes.length > 0) lines.push(...notes, '');
  if (results.profile) {
    lines.push(
      "## Where our pipeline's time goes (CPU profile of the measured window)",
      '',
      `One more run of this tree, profiled in process over its measured window (\`${results.profile.path}\`).`,
      '',
      results.profile.summary,
      '',
    );
  }
  return lines.join('\n');
}
