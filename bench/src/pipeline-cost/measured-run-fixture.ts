import type { ChildRunResult, PhaseFigures, PhaseKind } from './child-protocol.js';
import { type MeasuredRun, runFigures } from './cost-figures.js';
import type { PlannedRun } from './run-plan.js';

/** Test fixture: a phase of 100 calls over 10 s costing `msPerCallSecond`, all well. */
export function phaseFixture(kind: PhaseKind, msPerCallSecond: number): PhaseFigures {
  const calls = 100;
  const windowMs = 10_000;
  const callSecs = (calls * windowMs) / 1000;
  return {
    kind,
    calls,
    windowMs,
    callSecs,
    cpuMicros: msPerCallSecond * 1000 * callSecs,
    gcMicros: 0.1 * 1000 * callSecs,
    gcCount: 30,
    mediaDelivered: callSecs * 50,
    mediaSkipped: 0,
    messagesSent: kind === 'harness' ? 0 : callSecs * 50,
    clearsSent: kind === 'pipeline' ? 125 : 0,
    lateTicks: 0,
    maxTickLatenessMs: 2,
    cpuMicrosPerSecondSamples: Array.from({ length: 10 }, () => msPerCallSecond * 1000 * calls),
  };
}

/** Test fixture: a measured run whose phases cost what is given (ms per call-second, harness included). */
export function measuredRunFixture(
  plan: Partial<PlannedRun>,
  costs: { harness: number; bare: number; pipeline: number },
  changes: Partial<ChildRunResult['pipeline']> = {},
): MeasuredRun {
  const result: ChildRunResult = {
    treeRoot: '/tree',
    features: { interruptionReplay: true, speechStartCount: true },
    gcExposed: true,
    harness: phaseFixture('harness', costs.harness),
    bare: phaseFixture('bare', costs.bare),
    pipeline: {
      ...phaseFixture('pipeline', costs.pipeline),
      heapUsedPerCallBytes: 50 * 1024,
      speechStarts: 250,
      errors: 0,
      ...changes,
    },
  };
  const planned: PlannedRun = {
    tree: 'this',
    root: '/tree',
    audioOut10msChunks: 2,
    repeat: 1,
    profiled: false,
    ...plan,
  };
  return { plan: planned, result, figures: runFigures(result) };
}
