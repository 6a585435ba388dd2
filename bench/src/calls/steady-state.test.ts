import { describe, expect, it } from 'vitest';
import type { ServerSample } from './ipc-messages.js';
import { median, summarizeSteadyState } from './steady-state.js';

const NO_DELAYS = { count: 0, p50: 0, p99: 0, max: 0 };
const MIB = 1024 * 1024;

/** One sample per second: `active` calls open, the server using `cpuFraction` of a core. */
function samples(timeline: Array<{ active: number; closed: number; cpuFraction: number }>) {
  let cpuMicros = 0;
  return timeline.map(({ active, closed, cpuFraction }, second): ServerSample => {
    cpuMicros += cpuFraction * 1_000_000;
    return {
      type: 'sample',
      atMs: second * 1000,
      cpuMicros,
      rssBytes: 100 * MIB + active * MIB,
      heapUsedBytes: 10 * MIB + active * 0.5 * MIB,
      externalBytes: 1 * MIB,
      activeCalls: active,
      openedCalls: active + closed,
      closedCalls: closed,
      loopDelayMs: { count: 100, p50: 0.1, p99: 1 + second, max: 2 + second },
      inboundLatencyMs: undefined,
      sendTiming: { jitterMs: NO_DELAYS, lateSends: second === 5 ? 3 : 0, gapMs: 0 },
      interruptions: { clearLatenciesMs: [second, second + 0.5], speechStarts: 2, clears: 2 },
      involuntaryContextSwitches: second * 10,
    };
  });
}

describe('summarizeSteadyState', () => {
  // sample k closes the interval (k − 1 → k); its cpuFraction is that interval's
  const timeline = [
    { active: 0, closed: 0, cpuFraction: 0.01 },
    { active: 5, closed: 0, cpuFraction: 0.9 }, // ramp: left out
    { active: 10, closed: 0, cpuFraction: 0.9 }, // all connected at 2 s
    { active: 10, closed: 0, cpuFraction: 0.9 }, // settling (2 s → 3 s)
    { active: 10, closed: 0, cpuFraction: 0.9 }, // settling (3 s → 4 s)
    { active: 10, closed: 0, cpuFraction: 0.2 }, // steady from 4 s
    { active: 10, closed: 0, cpuFraction: 0.3 },
    { active: 10, closed: 0, cpuFraction: 0.2 },
    { active: 8, closed: 2, cpuFraction: 0.9 }, // hang-ups: left out
    { active: 0, closed: 10, cpuFraction: 0.9 },
  ];
  const baseline = { rssBytes: 100 * MIB, heapUsedBytes: 10 * MIB, externalBytes: 1 * MIB };

  it('keeps only the intervals after the settle time and before the first hang-up', () => {
    const steady = summarizeSteadyState(samples(timeline), baseline, 2000);
    expect(steady.calls).toBe(10);
    expect(steady.intervals).toBe(3);
    expect(steady.fromMs).toBe(4000);
    expect(steady.toMs).toBe(7000);
    expect(steady.cpuFraction).toBeCloseTo(0.2, 6);
    expect(steady.cpuMsPerCallSecond).toBeCloseTo(20, 6);
    expect(steady.cpuFractionMean).toBeCloseTo(0.7 / 3, 6);
  });

  it('gives memory per call above the idle baseline', () => {
    const steady = summarizeSteadyState(samples(timeline), baseline, 2000);
    expect(steady.rssBytesPerCall).toBeCloseTo(MIB, 0);
    expect(steady.heapBytesPerCall).toBeCloseTo(0.5 * MIB, 0);
    expect(steady.externalBytesPerCall).toBe(0);
  });

  it('sums late sends over the steady state and over the whole run', () => {
    const steady = summarizeSteadyState(samples(timeline), baseline, 2000);
    expect(steady.lateSends).toBe(3);
    expect(steady.lateSendsWholeRun).toBe(3);
    expect(steady.involuntarySwitchesPerSecond).toBeCloseTo(10, 6);
    // each second's p99 is 1 + second, its max 2 + second: seconds 5, 6 and 7 are steady
    expect(steady.loopDelayMs).toEqual({ p50: 0.1, p99: 7, max: 9 });
  });

  it('pools the clear latencies of every steady second before taking percentiles', () => {
    const steady = summarizeSteadyState(samples(timeline), baseline, 2000);
    // seconds 5, 6 and 7 are steady: latencies 5, 5.5, 6, 6.5, 7, 7.5
    expect(steady.clearLatencyMs).toEqual({ count: 6, p50: 6, p99: 7.5, max: 7.5 });
    expect(steady.speechStarts).toBe(6);
    expect(steady.clears).toBe(6);
  });

  it('reports no steady state when no call ever connected', () => {
    const steady = summarizeSteadyState(
      samples([
        { active: 0, closed: 0, cpuFraction: 0 },
        { active: 0, closed: 0, cpuFraction: 0 },
      ]),
      baseline,
      2000,
    );
    expect(steady).toMatchObject({ calls: 0, intervals: 0, cpuFraction: 0 });
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
