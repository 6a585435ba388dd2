import { bareEchoAt, cpuRatio, measurementProblem, serverLabel } from './calls-step-facts.js';
import type { CallsStepResult } from './run-calls-step.js';

const BYTES_PER_KIB = 1024;

/** The targets of issue 11, each with its unit. */
export const CALLS_TARGETS = Object.freeze({
  /** Most CPU per call of our pipeline, as a multiple of the bare echo's at the same count. */
  maxCpuRatio: 1.5,
  /** The multiple aimed for. */
  aimCpuRatio: 1.25,
  /** From this many calls on, RSS per call is held to `maxRssKiBPerCall`. */
  rssFromCalls: 300,
  /** Most RSS per call above the idle baseline, in KiB. */
  maxRssKiBPerCall: 200,
  /** The pacing targets hold at this many calls on one core... */
  pacingCalls: 600,
  /** ...with chunks of this many milliseconds. */
  pacingChunkMs: 20,
  /** Most late sends in the steady state. */
  maxLateSends: 0,
  /** Most send jitter p99, in ms. */
  maxSendJitterP99Ms: 10,
  /** Most event-loop delay p99, in ms. */
  maxLoopDelayP99Ms: 10,
  /** The interruption target holds at this many calls. */
  clearLatencyCalls: 300,
  /** Most interruption → `clear` latency p99, in ms. */
  maxClearLatencyP99Ms: 5,
  /**
   * From this share of a core on, a step counts as saturated: the work did not fit, and CPU per
   * call only says how the core was shared out (it is capped at the core divided by the calls).
   */
  saturatedCpuFraction: 0.95,
  /** Memory must be flat over a soak of at least this many minutes... */
  soakMinutes: 10,
  /** ...at this many calls. */
  soakCalls: 300,
});

/** Whether a target was met. */
export type TargetVerdict = 'pass' | 'fail' | 'not measured';

/** One target checked against one measurement. */
export interface TargetRow {
  /** The target, in words. */
  target: string;
  /** Where it was measured (call count and server). */
  where: string;
  /** The measured value, in words. */
  measured: string;
  /** The limit, in words. */
  limit: string;
  verdict: TargetVerdict;
  /** Why there is no verdict, or what else is worth knowing. */
  note?: string | undefined;
}

/** What the targets need from the latest memory soak (`calls-soak.json`). */
export interface SoakForTargets {
  /** Length of the soak, in minutes. */
  minutes: number;
  /** Calls kept open. */
  calls: number;
  /** Fitted RSS growth over 10 minutes, as a fraction of the mean RSS. */
  rssGrowthPer10Minutes: number;
  /** RSS growth limit over 10 minutes, as a fraction. */
  flatLimit: number;
  /** The soak's verdict; undefined: too few points. */
  flat: boolean | undefined;
  /** Commit and date the soak ran on. */
  commit: string;
  date: string;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function ours(steps: readonly CallsStepResult[]): CallsStepResult[] {
  return steps
    .filter((step) => step.server.kind === 'pipeline')
    .sort((a, b) => a.calls - b.calls || a.server.audioOut10msChunks - b.server.audioOut10msChunks);
}

function where(step: CallsStepResult): string {
  return `${step.calls}, ${serverLabel(step.server)}`;
}

/** A row for `step`, or a failing one when its steady state does not stand for its count. */
function checked(
  step: CallsStepResult,
  target: string,
  limit: string,
  measure: () => { measured: string; pass: boolean; note?: string },
): TargetRow {
  const problem = measurementProblem(step);
  if (problem) {
    return { target, where: where(step), measured: '—', limit, verdict: 'fail', note: problem };
  }
  const { measured, pass, note } = measure();
  return { target, where: where(step), measured, limit, verdict: pass ? 'pass' : 'fail', note };
}

function notMeasured(target: string, place: string, limit: string, note: string): TargetRow {
  return { target, where: place, measured: '—', limit, verdict: 'not measured', note };
}

/** Why `step`'s CPU per call cannot be compared, when its server's core was saturated. */
function saturationOf(step: CallsStepResult): string | undefined {
  if (!(step.steady.cpuFraction >= CALLS_TARGETS.saturatedCpuFraction)) return undefined;
  return `${serverLabel(step.server)} saturated its core (${fixed(step.steady.cpuFraction * 100, 0)} % CPU): the work did not fit`;
}

function cpuRows(steps: readonly CallsStepResult[]): TargetRow[] {
  const target = `CPU per call ≤ ${CALLS_TARGETS.maxCpuRatio}× the bare echo's`;
  const limit = `≤ ${CALLS_TARGETS.maxCpuRatio}× (aim ${CALLS_TARGETS.aimCpuRatio}×)`;
  return ours(steps).map((step) => {
    const bare = bareEchoAt(steps, step.calls);
    if (!bare) return notMeasured(target, where(step), limit, 'no bare echo at this count');
    const bareProblem = measurementProblem(bare);
    if (bareProblem) {
      return notMeasured(target, where(step), limit, `bare echo: ${bareProblem}`);
    }
    const saturation = saturationOf(step) ?? saturationOf(bare);
    if (saturation) {
      return {
        target,
        where: where(step),
        measured: '—',
        limit,
        verdict: 'fail',
        note: saturation,
      };
    }
    return checked(step, target, limit, () => {
      const ratio = cpuRatio(steps, step);
      return {
        measured: `${fixed(ratio, 2)}× (${fixed(step.steady.cpuMsPerCallSecond, 3)} vs ${fixed(bare.steady.cpuMsPerCallSecond, 3)} ms/s)`,
        pass: ratio <= CALLS_TARGETS.maxCpuRatio,
        note: ratio <= CALLS_TARGETS.aimCpuRatio ? 'aim met' : undefined,
      };
    });
  });
}

function rssRows(steps: readonly CallsStepResult[]): TargetRow[] {
  const target = `RSS per call ≤ ${CALLS_TARGETS.maxRssKiBPerCall} KiB at ${CALLS_TARGETS.rssFromCalls}+ calls`;
  const limit = `≤ ${CALLS_TARGETS.maxRssKiBPerCall} KiB`;
  const measured = ours(steps).filter((step) => step.calls >= CALLS_TARGETS.rssFromCalls);
  if (measured.length === 0) {
    return [
      notMeasured(
        target,
        `${CALLS_TARGETS.rssFromCalls}+, our pipeline`,
        limit,
        `no count of ${CALLS_TARGETS.rssFromCalls} or more was run`,
      ),
    ];
  }
  return measured.map((step) =>
    checked(step, target, limit, () => {
      const kib = step.steady.rssBytesPerCall / BYTES_PER_KIB;
      return { measured: `${fixed(kib, 1)} KiB`, pass: kib <= CALLS_TARGETS.maxRssKiBPerCall };
    }),
  );
}

function pacingRows(steps: readonly CallsStepResult[]): TargetRow[] {
  const { pacingCalls, pacingChunkMs } = CALLS_TARGETS;
  const place = `${pacingCalls}, our pipeline, ${pacingChunkMs} ms chunks`;
  const checks = [
    {
      target: 'no late send in the steady state',
      limit: `${CALLS_TARGETS.maxLateSends}`,
      measure: (step: CallsStepResult) => ({
        measured: `${step.steady.lateSends}`,
        pass: step.steady.lateSends <= CALLS_TARGETS.maxLateSends,
      }),
    },
    {
      target: `send jitter p99 ≤ ${CALLS_TARGETS.maxSendJitterP99Ms} ms`,
      limit: `≤ ${CALLS_TARGETS.maxSendJitterP99Ms} ms`,
      measure: (step: CallsStepResult) => ({
        measured: `${fixed(step.steady.sendJitterMs.p99, 1)} ms`,
        pass: step.steady.sendJitterMs.p99 <= CALLS_TARGETS.maxSendJitterP99Ms,
      }),
    },
    {
      target: `event-loop delay p99 ≤ ${CALLS_TARGETS.maxLoopDelayP99Ms} ms`,
      limit: `≤ ${CALLS_TARGETS.maxLoopDelayP99Ms} ms`,
      measure: (step: CallsStepResult) => ({
        measured: `${fixed(step.steady.loopDelayMs.p99, 1)} ms`,
        pass: step.steady.loopDelayMs.p99 <= CALLS_TARGETS.maxLoopDelayP99Ms,
      }),
    },
  ];
  const step = ours(steps).find(
    (candidate) =>
      candidate.calls === pacingCalls && candidate.server.audioOut10msChunks * 10 === pacingChunkMs,
  );
  return checks.map((check) =>
    step
      ? checked(step, `${pacingCalls} calls: ${check.target}`, check.limit, () =>
          check.measure(step),
        )
      : notMeasured(
          `${pacingCalls} calls: ${check.target}`,
          place,
          check.limit,
          `${pacingCalls} calls with ${pacingChunkMs} ms chunks were not run`,
        ),
  );
}

function clearLatencyRows(steps: readonly CallsStepResult[]): TargetRow[] {
  const { clearLatencyCalls, maxClearLatencyP99Ms } = CALLS_TARGETS;
  const target = `interruption → clear p99 ≤ ${maxClearLatencyP99Ms} ms at ${clearLatencyCalls} calls`;
  const limit = `≤ ${maxClearLatencyP99Ms} ms`;
  const measured = ours(steps).filter((step) => step.calls === clearLatencyCalls);
  if (measured.length === 0) {
    return [
      notMeasured(
        target,
        `${clearLatencyCalls}, our pipeline`,
        limit,
        `${clearLatencyCalls} calls were not run`,
      ),
    ];
  }
  return measured.map((step) => {
    const latency = step.steady.clearLatencyMs;
    if (!latency) return notMeasured(target, where(step), limit, 'not measured by this run');
    return checked(step, target, limit, () =>
      latency.count === 0
        ? { measured: 'no interruption', pass: false, note: 'no clear was sent' }
        : {
            measured: `${fixed(latency.p99, 2)} ms (p50 ${fixed(latency.p50, 2)}, max ${fixed(latency.max, 1)}; ${latency.count} interruptions)`,
            pass: latency.p99 <= maxClearLatencyP99Ms,
          },
    );
  });
}

function soakRow(soak: SoakForTargets | undefined): TargetRow {
  const { soakMinutes, soakCalls } = CALLS_TARGETS;
  const target = `memory flat over ${soakMinutes} min at ${soakCalls} calls`;
  const place = `${soakCalls}, our pipeline, 20 ms chunks (calls-soak)`;
  if (!soak) {
    const limit = 'RSS growth < 1 % per 10 min';
    return notMeasured(target, place, limit, 'no soak result: run with CALLS_SOAK_MINUTES=10');
  }
  const limit = `RSS growth < ${fixed(soak.flatLimit * 100, 0)} % per 10 min`;
  const measured = `${soak.rssGrowthPer10Minutes >= 0 ? '+' : ''}${fixed(soak.rssGrowthPer10Minutes * 100, 2)} % per 10 min`;
  const source = `soak of ${soak.minutes} min at ${soak.calls} calls, commit ${soak.commit.slice(0, 7)}, ${soak.date}`;
  if (soak.minutes < soakMinutes || soak.calls < soakCalls) {
    return {
      target,
      where: place,
      measured,
      limit,
      verdict: 'not measured',
      note: `${source}: shorter or smaller than the target's`,
    };
  }
  if (soak.flat === undefined) {
    return {
      target,
      where: place,
      measured,
      limit,
      verdict: 'fail',
      note: `${source}: no verdict`,
    };
  }
  return {
    target,
    where: place,
    measured,
    limit,
    verdict: soak.flat ? 'pass' : 'fail',
    note: source,
  };
}

/**
 * Every target of issue 11 checked against a run's steps (and the latest soak): CPU per call
 * against the bare echo at each count, RSS per call at 300+ calls, the pacing targets at 600 calls
 * with 20 ms chunks, the interruption latency at 300 calls, and flat memory over the soak. A
 * measurement whose steady state does not stand for its count fails; a count not run is "not
 * measured".
 */
export function evaluateCallsTargets(
  steps: readonly CallsStepResult[],
  soak: SoakForTargets | undefined,
): TargetRow[] {
  return [
    ...cpuRows(steps),
    ...rssRows(steps),
    ...pacingRows(steps),
    ...clearLatencyRows(steps),
    soakRow(soak),
  ];
}
