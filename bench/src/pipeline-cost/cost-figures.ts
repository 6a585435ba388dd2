import { median } from '../calls/steady-state.js';
import type { ChildRunResult, PhaseFigures } from './child-protocol.js';
import type { PlannedRun, TreeRole } from './run-plan.js';

const MICROS_PER_MS = 1000;
const BYTES_PER_KIB = 1024;
const SECONDS_PER_MINUTE = 60;
const MS_PER_SECOND = 1000;

/** One run's figures per call-second, in milliseconds of CPU (or as named). */
export interface RunFigures {
  /** The harness alone: making and handing over the messages. */
  harnessMsPerCallSecond: number;
  /** The bare echo's own cost: its phase minus the harness. */
  bareMsPerCallSecond: number;
  /** The bare echo's phase with the harness: the same code in every tree, a gauge of the machine's speed. */
  bareWithHarnessMsPerCallSecond: number;
  /** Our pipeline's own cost: its phase minus the harness. */
  oursMsPerCallSecond: number;
  /** The same from the median second of each phase instead of the whole window (less moved by bursts of other work). */
  oursMedianSecondMsPerCallSecond: number;
  /** Our cost over the bare echo's. */
  oursOverBare: number;
  /** Garbage collection in our pipeline's phase (harness included), ms per call-second. */
  oursGcMsPerCallSecond: number;
  /** Collections per second in our pipeline's phase. */
  oursGcPerSecond: number;
  /** Heap per call with every call running; none without `--expose-gc`. */
  heapPerCallKiB: number | undefined;
  /** Messages our pipeline sent per call-second (50 for 20 ms chunks, 25 for 40 ms). */
  sentPerCallSecond: number;
  /** Caller speech starts per call-minute; none where not counted. */
  speechStartsPerCallMinute: number | undefined;
  /** `clear`s per call-minute: the interruptions. */
  clearsPerCallMinute: number;
}

/** A run as planned, what it measured, and its figures. */
export interface MeasuredRun {
  plan: PlannedRun;
  result: ChildRunResult;
  figures: RunFigures;
}

function msPerCallSecond(phase: PhaseFigures): number {
  return phase.cpuMicros / MICROS_PER_MS / phase.callSecs;
}

/** From the median of the phase's 1 s samples (the whole window when it had none). */
function medianSecondMsPerCallSecond(phase: PhaseFigures): number {
  const samples = phase.cpuMicrosPerSecondSamples;
  if (samples.length === 0) return msPerCallSecond(phase);
  return median(samples) / MICROS_PER_MS / phase.calls;
}

/** The figures of one run: each phase per call-second, the harness taken off the other two. */
export function runFigures(result: ChildRunResult): RunFigures {
  const { harness, bare, pipeline } = result;
  const harnessMs = msPerCallSecond(harness);
  const bareMs = msPerCallSecond(bare) - harnessMs;
  const oursMs = msPerCallSecond(pipeline) - harnessMs;
  const callMinutes = pipeline.callSecs / SECONDS_PER_MINUTE;
  return {
    harnessMsPerCallSecond: harnessMs,
    bareMsPerCallSecond: bareMs,
    bareWithHarnessMsPerCallSecond: msPerCallSecond(bare),
    oursMsPerCallSecond: oursMs,
    oursMedianSecondMsPerCallSecond:
      medianSecondMsPerCallSecond(pipeline) - medianSecondMsPerCallSecond(harness),
    oursOverBare: oursMs / bareMs,
    oursGcMsPerCallSecond: pipeline.gcMicros / MICROS_PER_MS / pipeline.callSecs,
    oursGcPerSecond: pipeline.gcCount / (pipeline.windowMs / MS_PER_SECOND),
    heapPerCallKiB:
      pipeline.heapUsedPerCallBytes === undefined
        ? undefined
        : pipeline.heapUsedPerCallBytes / BYTES_PER_KIB,
    sentPerCallSecond: pipeline.messagesSent / pipeline.callSecs,
    speechStartsPerCallMinute:
      pipeline.speechStarts === undefined ? undefined : pipeline.speechStarts / callMinutes,
    clearsPerCallMinute: pipeline.clearsSent / callMinutes,
  };
}

/** Medians over the runs of one tree at one chunk size. */
export interface TreeMedians {
  tree: TreeRole;
  audioOut10msChunks: number;
  runs: number;
  harnessMsPerCallSecond: number;
  bareMsPerCallSecond: number;
  oursMsPerCallSecond: number;
  oursOverBare: number;
  oursGcMsPerCallSecond: number;
  heapPerCallKiB: number | undefined;
}

function groupKey(run: MeasuredRun): string {
  return `${run.plan.tree}/${run.plan.audioOut10msChunks}`;
}

/** Medians of each figure per tree and chunk size (baseline first), over the runs that were not profiled. */
export function treeMedians(runs: readonly MeasuredRun[]): TreeMedians[] {
  const groups = new Map<string, MeasuredRun[]>();
  for (const run of runs) {
    if (run.plan.profiled) continue;
    const group = groups.get(groupKey(run)) ?? [];
    group.push(run);
    groups.set(groupKey(run), group);
  }
  const of = (group: MeasuredRun[], pick: (figures: RunFigures) => number): number =>
    median(group.map((run) => pick(run.figures)));
  return [...groups.values()]
    .map((group): TreeMedians => {
      const heaps = group
        .map((run) => run.figures.heapPerCallKiB)
        .filter((heap): heap is number => heap !== undefined);
      return {
        tree: group[0]!.plan.tree,
        audioOut10msChunks: group[0]!.plan.audioOut10msChunks,
        runs: group.length,
        harnessMsPerCallSecond: of(group, (figures) => figures.harnessMsPerCallSecond),
        bareMsPerCallSecond: of(group, (figures) => figures.bareMsPerCallSecond),
        oursMsPerCallSecond: of(group, (figures) => figures.oursMsPerCallSecond),
        oursOverBare: of(group, (figures) => figures.oursOverBare),
        oursGcMsPerCallSecond: of(group, (figures) => figures.oursGcMsPerCallSecond),
        heapPerCallKiB: heaps.length === 0 ? undefined : median(heaps),
      };
    })
    .sort(
      (a, b) =>
        a.audioOut10msChunks - b.audioOut10msChunks ||
        (a.tree === b.tree ? 0 : a.tree === 'baseline' ? -1 : 1),
    );
}

/** This tree against the baseline at one chunk size, from the runs made one after the other. */
export interface BaselineComparison {
  audioOut10msChunks: number;
  /** Our cost in this tree's run over the baseline's run of the same repeat, per repeat. */
  oursRatios: number[];
  /** Their median: below 1, this tree costs less. */
  medianOursRatio: number;
  /** The same from each run's median second. */
  oursMedianSecondRatios: number[];
  medianOursMedianSecondRatio: number;
  /** The same for the bare echo's phase with the harness (the same code in both runs): how far the machine drifted. */
  bareRatios: number[];
  medianBareRatio: number;
}

/**
 * New over baseline per chunk size: each repeat's run of this tree against the baseline's run
 * just before it, and the median of those ratios (pairs from runs made side by side cancel the
 * machine's slow drift). Empty without baseline runs.
 */
export function compareWithBaseline(runs: readonly MeasuredRun[]): BaselineComparison[] {
  const measured = runs.filter((run) => !run.plan.profiled);
  const sizes = [...new Set(measured.map((run) => run.plan.audioOut10msChunks))].sort(
    (a, b) => a - b,
  );
  const comparisons: BaselineComparison[] = [];
  for (const size of sizes) {
    const oursRatios: number[] = [];
    const secondRatios: number[] = [];
    const bareRatios: number[] = [];
    const atSize = measured.filter((run) => run.plan.audioOut10msChunks === size);
    for (const baseline of atSize.filter((run) => run.plan.tree === 'baseline')) {
      const next = atSize.find(
        (run) => run.plan.tree === 'this' && run.plan.repeat === baseline.plan.repeat,
      );
      if (!next) continue;
      oursRatios.push(next.figures.oursMsPerCallSecond / baseline.figures.oursMsPerCallSecond);
      secondRatios.push(
        next.figures.oursMedianSecondMsPerCallSecond /
          baseline.figures.oursMedianSecondMsPerCallSecond,
      );
      bareRatios.push(
        next.figures.bareWithHarnessMsPerCallSecond /
          baseline.figures.bareWithHarnessMsPerCallSecond,
      );
    }
    if (oursRatios.length === 0) continue;
    comparisons.push({
      audioOut10msChunks: size,
      oursRatios,
      medianOursRatio: median(oursRatios),
      oursMedianSecondRatios: secondRatios,
      medianOursMedianSecondRatio: median(secondRatios),
      bareRatios,
      medianBareRatio: median(bareRatios),
    });
  }
  return comparisons;
}
