import { describe, expect, it } from 'vitest';
import { DelayHistogram } from './delay-histogram.js';
import { SendTimingProbe, SendTimingTotals } from './send-timing-probe.js';

/** Sends at `times` (a number) and clears (`'clear'`), with 20 ms chunks and `leadMs` of lead. */
function probeAt(events: Array<number | 'clear'>, leadMs = 0) {
  const totals = new SendTimingTotals(new DelayHistogram());
  let nowMs = 0;
  const probe = new SendTimingProbe(totals, { chunkMs: 20, leadMs, now: () => nowMs });
  for (const event of events) {
    if (event === 'clear') {
      probe.cleared();
    } else {
      nowMs = event;
      probe.sent();
    }
  }
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
    const result = probeAt([0, 0, 20, 55], 20);
    expect(result.lateSends).toBe(0);
  });

  it('leaves the sends an utterance starts with at once, within the lead, out of the jitter', () => {
    const result = probeAt([0, 0, 20, 40], 20);
    expect(result.jitterMs.count).toBe(2);
    expect(result.jitterMs.max).toBeLessThan(0.01);
  });

  it('treats a pause of an utterance gap or more as a new utterance, not a late send', () => {
    const result = probeAt([0, 20, 400, 420]);
    expect(result.lateSends).toBe(0);
    expect(result.jitterMs.count).toBe(2);
  });

  it('starts afresh after a clear: the wait for new audio is neither late nor jitter', () => {
    const result = probeAt([0, 0, 20, 40, 'clear', 90, 90, 110], 20);
    expect(result.lateSends).toBe(0);
    expect(result.jitterMs.count).toBe(2 + 1);
    expect(result.jitterMs.max).toBeLessThan(0.01);
  });

  it('starts counting over after take()', () => {
    const totals = new SendTimingTotals(new DelayHistogram());
    let nowMs = 0;
    const probe = new SendTimingProbe(totals, { chunkMs: 20, now: () => nowMs });
    probe.sent();
    nowMs = 50;
    probe.sent();
    expect(totals.take().lateSends).toBe(1);
    expect(totals.take()).toEqual({
      jitterMs: { count: 0, p50: 0, p99: 0, max: 0 },
      lateSends: 0,
      gapMs: 0,
    });
  });
});
