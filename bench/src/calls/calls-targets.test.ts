import { describe, expect, it } from 'vitest';
import { evaluateCallsTargets, type SoakForTargets, type TargetRow } from './calls-targets.js';
import { targetsMarkdown } from './calls-targets-markdown.js';
import type { ServerSettings } from './ipc-messages.js';
import type { CallsStepResult } from './run-calls-step.js';
import type { SteadyState } from './steady-state.js';

const KIB = 1024;
const QUIET = { p50: 0.5, p99: 2, max: 4 };

interface StepFigures {
  calls: number;
  server: 'bare' | 20 | 40;
  cpuMsPerCallSecond: number;
  /** Share of the server's core used, 0–1. */
  cpuFraction?: number;
  rssKiBPerCall?: number;
  lateSends?: number;
  sendJitterP99Ms?: number;
  loopDelayP99Ms?: number;
  clearLatencyP99Ms?: number;
  steadyCalls?: number;
  intervals?: number;
}

/** A step with the figures the targets read; the rest is not looked at. */
function step(figures: StepFigures): CallsStepResult {
  const server: ServerSettings =
    figures.server === 'bare'
      ? { kind: 'bare-echo', audioOut10msChunks: 2, echoBatchMs: 0, vad: false }
      : { kind: 'pipeline', audioOut10msChunks: figures.server / 10, echoBatchMs: 200, vad: true };
  const steady: Partial<SteadyState> = {
    calls: figures.steadyCalls ?? figures.calls,
    intervals: figures.intervals ?? 15,
    cpuMsPerCallSecond: figures.cpuMsPerCallSecond,
    cpuFraction: figures.cpuFraction ?? 0.5,
    rssBytesPerCall: (figures.rssKiBPerCall ?? 100) * KIB,
    lateSends: figures.lateSends ?? 0,
    sendJitterMs: { ...QUIET, p99: figures.sendJitterP99Ms ?? 2 },
    loopDelayMs: { ...QUIET, p99: figures.loopDelayP99Ms ?? 2 },
    clearLatencyMs:
      figures.server === 'bare'
        ? undefined
        : { count: 500, p50: 0.4, p99: figures.clearLatencyP99Ms ?? 1, max: 3 },
  };
  return { server, calls: figures.calls, steady } as CallsStepResult;
}

/** A run at 300 and 600 calls where everything meets its target. */
function goodRun(): CallsStepResult[] {
  return [300, 600].flatMap((calls) => [
    step({ calls, server: 'bare', cpuMsPerCallSecond: 1 }),
    step({ calls, server: 20, cpuMsPerCallSecond: 1.2 }),
  ]);
}

const FLAT_SOAK: SoakForTargets = {
  minutes: 10,
  calls: 300,
  rssGrowthPer10Minutes: 0.002,
  flatLimit: 0.01,
  flat: true,
  commit: 'abcdef0123456789',
  date: '2026-12-01T00:00:00.000Z',
};

function rowsFor(rows: TargetRow[], target: RegExp): TargetRow[] {
  return rows.filter((row) => target.test(row.target));
}

describe('evaluateCallsTargets', () => {
  it('passes every target of a run that meets them all', () => {
    const rows = evaluateCallsTargets(goodRun(), FLAT_SOAK);
    expect(rows.map((row) => row.verdict)).toEqual(rows.map(() => 'pass'));
    expect(rowsFor(rows, /CPU per call/)).toHaveLength(2);
    expect(rowsFor(rows, /CPU per call/)[0]!.note).toBe('aim met');
  });

  it('checks CPU per call against 1.5× the bare echo at the same count', () => {
    const steps = [
      step({ calls: 100, server: 'bare', cpuMsPerCallSecond: 1 }),
      step({ calls: 100, server: 20, cpuMsPerCallSecond: 1.4 }),
      step({ calls: 100, server: 40, cpuMsPerCallSecond: 1.6 }),
    ];
    const cpu = rowsFor(evaluateCallsTargets(steps, FLAT_SOAK), /CPU per call/);
    expect(cpu.map((row) => [row.where, row.verdict, row.note])).toEqual([
      ['100, our pipeline, 20 ms chunks', 'pass', undefined],
      ['100, our pipeline, 40 ms chunks', 'fail', undefined],
    ]);
    expect(cpu[0]!.measured).toMatch(/^1\.40×/);
  });

  it('fails CPU per call at a count whose server saturated its core, whatever the ratio says', () => {
    const steps = [
      step({ calls: 500, server: 'bare', cpuMsPerCallSecond: 1.5 }),
      // 100 % of a core over 500 calls caps CPU per call at 2 ms/s: a ratio of 1.33 that passes
      step({ calls: 500, server: 20, cpuMsPerCallSecond: 2, cpuFraction: 0.999 }),
      step({ calls: 400, server: 'bare', cpuMsPerCallSecond: 1, cpuFraction: 0.97 }),
      step({ calls: 400, server: 20, cpuMsPerCallSecond: 1.2 }),
    ];
    const cpu = rowsFor(evaluateCallsTargets(steps, FLAT_SOAK), /CPU per call/);
    expect(cpu.map((row) => [row.where, row.verdict])).toEqual([
      ['400, our pipeline, 20 ms chunks', 'fail'],
      ['500, our pipeline, 20 ms chunks', 'fail'],
    ]);
    expect(cpu[1]!.note).toMatch(/saturated its core \(100 % CPU\)/);
    expect(cpu[0]!.note).toMatch(/bare `ws` echo saturated/);
  });

  it('holds RSS per call to 200 KiB only from 300 calls on', () => {
    const steps = [
      step({ calls: 200, server: 'bare', cpuMsPerCallSecond: 1 }),
      step({ calls: 200, server: 20, cpuMsPerCallSecond: 1, rssKiBPerCall: 400 }),
      ...goodRun(),
      step({ calls: 400, server: 'bare', cpuMsPerCallSecond: 1 }),
      step({ calls: 400, server: 20, cpuMsPerCallSecond: 1, rssKiBPerCall: 201 }),
    ];
    const rss = rowsFor(evaluateCallsTargets(steps, FLAT_SOAK), /RSS per call/);
    expect(rss.map((row) => [row.where, row.verdict])).toEqual([
      ['300, our pipeline, 20 ms chunks', 'pass'],
      ['400, our pipeline, 20 ms chunks', 'fail'],
      ['600, our pipeline, 20 ms chunks', 'pass'],
    ]);
  });

  it('fails each 600-call pacing target that was missed', () => {
    const steps = goodRun().map((candidate) =>
      candidate.calls === 600 && candidate.server.kind === 'pipeline'
        ? step({
            calls: 600,
            server: 20,
            cpuMsPerCallSecond: 1.2,
            lateSends: 3,
            sendJitterP99Ms: 12,
            loopDelayP99Ms: 9.9,
          })
        : candidate,
    );
    const pacing = rowsFor(evaluateCallsTargets(steps, FLAT_SOAK), /^600 calls/);
    expect(pacing.map((row) => [row.measured, row.verdict])).toEqual([
      ['3', 'fail'],
      ['12.0 ms', 'fail'],
      ['9.9 ms', 'pass'],
    ]);
  });

  it('reports the 600-call targets as not measured when 600 calls were not run', () => {
    const steps = goodRun().filter((candidate) => candidate.calls !== 600);
    const pacing = rowsFor(evaluateCallsTargets(steps, FLAT_SOAK), /^600 calls/);
    expect(pacing.map((row) => row.verdict)).toEqual([
      'not measured',
      'not measured',
      'not measured',
    ]);
  });

  it('fails the interruption latency when its p99 at 300 calls is over 5 ms', () => {
    const steps = goodRun().map((candidate) =>
      candidate.calls === 300 && candidate.server.kind === 'pipeline'
        ? step({ calls: 300, server: 20, cpuMsPerCallSecond: 1.2, clearLatencyP99Ms: 5.5 })
        : candidate,
    );
    const [clear] = rowsFor(evaluateCallsTargets(steps, FLAT_SOAK), /interruption/);
    expect(clear).toMatchObject({ verdict: 'fail', measured: expect.stringMatching(/^5\.50 ms/) });
  });

  it('fails a measurement whose calls never all ran at once, saying so', () => {
    const steps = goodRun().map((candidate) =>
      candidate.calls === 600 && candidate.server.kind === 'pipeline'
        ? step({ calls: 600, server: 20, cpuMsPerCallSecond: 1.2, steadyCalls: 550 })
        : candidate,
    );
    const [late] = rowsFor(evaluateCallsTargets(steps, FLAT_SOAK), /^600 calls: no late send/);
    expect(late).toMatchObject({
      verdict: 'fail',
      note: 'only 550 of 600 calls were open at once',
    });
  });

  it('takes the memory verdict from the soak, and none from a soak below the target scale', () => {
    const verdictWith = (soak: SoakForTargets | undefined) =>
      rowsFor(evaluateCallsTargets(goodRun(), soak), /memory flat/)[0]!.verdict;
    expect(verdictWith(FLAT_SOAK)).toBe('pass');
    expect(verdictWith({ ...FLAT_SOAK, flat: false, rssGrowthPer10Minutes: 0.03 })).toBe('fail');
    expect(verdictWith({ ...FLAT_SOAK, minutes: 1 })).toBe('not measured');
    expect(verdictWith(undefined)).toBe('not measured');
  });
});

describe('targetsMarkdown', () => {
  it('counts the verdicts and marks failures in bold', () => {
    const rows = evaluateCallsTargets(
      [
        step({ calls: 100, server: 'bare', cpuMsPerCallSecond: 1 }),
        step({ calls: 100, server: 20, cpuMsPerCallSecond: 2 }),
      ],
      undefined,
    );
    const markdown = targetsMarkdown(rows);
    expect(markdown).toMatch(/^0 of 7 checks pass, 1 fail, 6 not measured\./);
    expect(markdown).toContain('| **FAIL** |');
  });
});
