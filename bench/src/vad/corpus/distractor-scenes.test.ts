import { describe, expect, it } from 'vitest';
import { DISTRACTOR_KINDS } from './corpus-plan.js';
import { rootMeanSquare } from './decibels.js';
import { distractorScene } from './distractor-scenes.js';
import { SeededRandom } from './seeded-random.js';

const RATE = 8000;
const fakeMusic = () => Float64Array.from({ length: RATE * 40 }, (_, index) => Math.sin(index / 5));

describe('distractorScene', () => {
  for (const kind of DISTRACTOR_KINDS) {
    it(`makes ${kind} quiet at first, then audible, below full scale and the length asked for`, () => {
      const scene = distractorScene(kind, new SeededRandom(1), RATE, 30, fakeMusic);
      expect(scene.length).toBe(30 * RATE);
      expect(rootMeanSquare(scene, 0, RATE / 2)).toBe(0);
      expect(rootMeanSquare(scene)).toBeGreaterThan(10);
      expect(scene.reduce((peak, sample) => Math.max(peak, Math.abs(sample)), 0)).toBeLessThan(
        32_768,
      );
    });
  }

  it('makes the same scene for the same seed', () => {
    const first = distractorScene('dtmf', new SeededRandom(5), RATE, 10, fakeMusic);
    const second = distractorScene('dtmf', new SeededRandom(5), RATE, 10, fakeMusic);
    expect(first).toEqual(second);
  });
});
