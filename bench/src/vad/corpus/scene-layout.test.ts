import { describe, expect, it } from 'vitest';
import { layoutClips, onOffStretches } from './scene-layout.js';
import { SeededRandom } from './seeded-random.js';

describe('layoutClips', () => {
  it('starts after the lead, separates clips by pauses in range and never overlaps them', () => {
    const clips = [0.4, 3.1, 0.5, 2.2, 0.3, 1.7];
    const { placements, sceneSecs } = layoutClips(clips, new SeededRandom(4), [1, 2], [1, 3], 60);
    expect(placements).toHaveLength(clips.length);
    expect(placements[0]!.startSecs).toBeGreaterThanOrEqual(1);
    expect(placements[0]!.startSecs).toBeLessThanOrEqual(2);
    placements.forEach((placement, index) => {
      expect(placement.endSecs - placement.startSecs).toBeCloseTo(clips[index]!, 12);
      const next = placements[index + 1];
      if (next) {
        expect(next.startSecs - placement.endSecs).toBeGreaterThanOrEqual(1);
        expect(next.startSecs - placement.endSecs).toBeLessThanOrEqual(3);
      }
    });
    const lastEnd = placements.at(-1)!.endSecs;
    expect(sceneSecs - lastEnd).toBeGreaterThanOrEqual(1);
    expect(sceneSecs - lastEnd).toBeLessThanOrEqual(3);
  });

  it('leaves out clips that would end after the longest scene', () => {
    const { placements, sceneSecs } = layoutClips(
      [4, 4, 4, 4],
      new SeededRandom(1),
      [1, 1],
      [1, 1],
      11,
    );
    expect(placements.map((placement) => placement.clip)).toEqual([0, 1]);
    expect(sceneSecs).toBe(11);
  });

  it('lays out the same scene for the same seed', () => {
    const clips = [1, 2, 3];
    expect(layoutClips(clips, new SeededRandom(8), [1, 2], [1, 3], 60)).toEqual(
      layoutClips(clips, new SeededRandom(8), [1, 2], [1, 3], 60),
    );
  });
});

describe('onOffStretches', () => {
  it('alternates sound and quiet within the ranges and ends at the end', () => {
    const stretches = onOffStretches(new SeededRandom(2), 1, 30, [3, 8], [1, 3]);
    expect(stretches[0]![0]).toBe(1);
    stretches.forEach(([start, end], index) => {
      expect(end).toBeLessThanOrEqual(30);
      if (end < 30) expect(end - start).toBeGreaterThanOrEqual(3);
      expect(end - start).toBeLessThanOrEqual(8);
      const next = stretches[index + 1];
      if (next) {
        expect(next[0] - end).toBeGreaterThanOrEqual(1);
        expect(next[0] - end).toBeLessThanOrEqual(3);
      }
    });
  });
});
