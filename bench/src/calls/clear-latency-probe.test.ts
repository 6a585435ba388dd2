import { describe, expect, it } from 'vitest';
import { ClearLatencyProbe, ClearLatencyTotals } from './clear-latency-probe.js';

function probeWithClock() {
  const clock = { nowMs: 0 };
  const totals = new ClearLatencyTotals();
  const probe = new ClearLatencyProbe(totals, () => clock.nowMs);
  return { clock, totals, probe };
}

describe('ClearLatencyProbe', () => {
  it('measures from the arrival of the audio that started the VAD to the clear', () => {
    const { clock, totals, probe } = probeWithClock();
    probe.speechStarted(100);
    clock.nowMs = 102.5;
    probe.clearSent();
    expect(totals.take()).toEqual({ clearLatenciesMs: [2.5], speechStarts: 1, clears: 1 });
  });

  it('forgets a speech start that interrupted nothing once the next one comes', () => {
    const { clock, totals, probe } = probeWithClock();
    probe.speechStarted(100);
    probe.speechStarted(4000);
    clock.nowMs = 4001;
    probe.clearSent();
    expect(totals.take().clearLatenciesMs).toEqual([1]);
  });

  it('counts a clear with no speech start before it without a latency', () => {
    const { totals, probe } = probeWithClock();
    probe.clearSent();
    expect(totals.take()).toEqual({ clearLatenciesMs: [], speechStarts: 0, clears: 1 });
    expect(totals.lifetime.clearsWithoutSpeechStart).toBe(1);
  });

  it('starts each sample over but keeps the lifetime counts', () => {
    const { totals, probe } = probeWithClock();
    probe.speechStarted(0);
    probe.clearSent();
    totals.take();
    expect(totals.take()).toEqual({ clearLatenciesMs: [], speechStarts: 0, clears: 0 });
    expect(totals.lifetime).toEqual({ speechStarts: 1, clears: 1, clearsWithoutSpeechStart: 0 });
  });
});
