import { describe, expect, it } from 'vitest';
import { AudioPacer } from './audio-pacer.js';

/** Releases `count` chunks as early as the pacer allows, all available from `startMs`. */
function releaseAll(pacer: AudioPacer, startMs: number, count: number): number[] {
  const times: number[] = [];
  let now = startMs;
  for (let index = 0; index < count; index++) {
    now = pacer.releaseTimeMs(now);
    pacer.recordRelease(now);
    times.push(now);
  }
  return times;
}

describe('AudioPacer', () => {
  it('sends chunk n of a spurt maxLead before it starts playing', () => {
    expect(releaseAll(new AudioPacer(20, 20), 0, 5)).toEqual([0, 0, 20, 40, 60]);
    expect(releaseAll(new AudioPacer(20, 0), 0, 5)).toEqual([0, 20, 40, 60, 80]);
    expect(releaseAll(new AudioPacer(20, 50), 0, 6)).toEqual([0, 0, 0, 10, 30, 50]);
  });

  it('never lets sent-but-not-yet-due audio exceed the lead', () => {
    const pacer = new AudioPacer(40, 40);
    const times = releaseAll(pacer, 1000, 50);
    times.forEach((releasedAt, index) => {
      const dueAt = 1000 + index * 40;
      expect(dueAt - releasedAt).toBeLessThanOrEqual(40);
    });
  });

  it('keeps the anchor while audio is still playing and re-anchors once it has finished', () => {
    const pacer = new AudioPacer(20, 20);
    pacer.recordRelease(0);
    expect(pacer.playoutEndMs).toBe(20);
    expect(pacer.releaseTimeMs(5)).toBe(5); // due at 20 − 20 = 0: at once
    pacer.recordRelease(5);
    expect(pacer.playoutEndMs).toBe(40);
    expect(pacer.releaseTimeMs(6)).toBe(20);
    expect(pacer.releaseTimeMs(100)).toBe(100); // everything played: a new spurt
    pacer.recordRelease(100);
    expect(pacer.playoutEndMs).toBe(120);
  });

  it('forgets the spurt on reset', () => {
    const pacer = new AudioPacer(20, 0);
    releaseAll(pacer, 0, 3);
    pacer.reset();
    expect(pacer.playoutEndMs).toBe(Number.NEGATIVE_INFINITY);
    expect(pacer.releaseTimeMs(30)).toBe(30);
  });

  it('refuses a non-positive chunk or a negative lead', () => {
    expect(() => new AudioPacer(0, 0)).toThrow(/0 ms/);
    expect(() => new AudioPacer(20, -1)).toThrow(/-1 ms/);
  });
});
