import { describe, expect, it } from 'vitest';
import type { ServerSample } from './ipc-messages.js';
import { memoryPoints } from './run-calls-soak.js';

const NO_DELAYS = { count: 0, p50: 0, p99: 0, max: 0 };

function sample(second: number, activeCalls: number): ServerSample {
  return {
    type: 'sample',
    atMs: 1_000_000 + second * 1000,
    cpuMicros: 0,
    rssBytes: second,
    heapUsedBytes: 2 * second,
    externalBytes: 0,
    activeCalls,
    openedCalls: activeCalls,
    closedCalls: 0,
    loopDelayMs: NO_DELAYS,
    inboundLatencyMs: undefined,
    sendTiming: { jitterMs: NO_DELAYS, lateSends: 0, gapMs: 0 },
    interruptions: undefined,
    involuntaryContextSwitches: 0,
  };
}

describe('memoryPoints', () => {
  it('keeps one sample every interval from the first call on, timed from it', () => {
    const samples = Array.from({ length: 14 }, (_, second) => sample(second, second < 3 ? 0 : 10));
    expect(memoryPoints(samples, 5)).toEqual([
      { atSecs: 0, rssBytes: 3, heapUsedBytes: 6, activeCalls: 10 },
      { atSecs: 5, rssBytes: 8, heapUsedBytes: 16, activeCalls: 10 },
      { atSecs: 10, rssBytes: 13, heapUsedBytes: 26, activeCalls: 10 },
    ]);
  });

  it('gives no points when no call was ever open', () => {
    expect(memoryPoints([sample(0, 0), sample(1, 0)], 5)).toEqual([]);
  });
});
