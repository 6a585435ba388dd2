import { describe, expect, it } from 'vitest';
import { DelayHistogram } from './delay-histogram.js';
import { SendTimingProbe, SendTimingTotals } from './send-timing-probe.js';

function probeAt(times: number[], chunkMs = 20) {
  const totals = new SendTimingTotals(new DelayHistogram());
  let index = 0;
  const probe = new SendTimingProbe(totals, chunkMs, () => times[index]!);
  for (index = 0; index < times.length; index++) probe.sent();
  return totals.take();
}

describe('SendTimingProbe', () => {
  it('counts no late send and no jitter when chunks go out exactly one chunk apart', () => {
    const result = probeAt([0, 20, 40, 60, 80]);
    expect(result.lateSends).toBe(0);
    expect(result.jitterMs.count).toBe(4);
    expect(result.jitterMs.max).toBeLessThan(0.01);
  });

  it('counts a send that comes after the audio before it finished playing, with its gap', () => {
    const result = probeAt([0, 20, 40, 75, 95]);
    expect(result.lateSends).toBe(1);
    expect(result.gapMs).toBeCloseTo(15, 6);
    expect(result.jitterMs.max).toBeCloseTo(15, 1);
  });

  it('lets sends ahead of time build a buffer that absorbs a later delay', () => {
    // two chunks at once (one chunk of lead), then one 15 ms late: the buffer covers it
    const result = probeAt([0, 0, 20, 55]);
    expect(result.lateSends).toBe(0);
  });

  it('treats a pause of an utterance gap or more as a new utterance, not a late send', () => {
    const result = probeAt([0, 20, 400, 420]);
    expect(result.lateSends).toBe(0);
    expect(result.jitterMs.count).toBe(2);
  });

  it('starts counting over after take()', () => {
    const totals = new SendTimingTotals(new DelayHistogram());
    const times = [0, 50];
    let index = 0;
    const probe = new SendTimingProbe(totals, 20, () => times[index]!);
    probe.sent();
    index = 1;
    probe.sent();
    expect(totals.take().lateSends).toBe(1);
    expect(totals.take()).toEqual({
      jitterMs: { count: 0, p50: 0, p99: 0, max: 0 },
      lateSends: 0,
      gapMs: 0,
    });
  });
});
