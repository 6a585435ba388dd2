import { describe, expect, it } from 'vitest';
import { concatPcm, fadedTone, findEcho } from './echo-audio.js';

const RATE = 8000;

describe('fadedTone', () => {
  it('lasts the asked time and starts and ends in silence', () => {
    const tone = fadedTone(440, RATE, 100);
    expect(tone).toHaveLength(800);
    expect(tone[0]).toBe(0);
    expect(Math.abs(tone.at(-1)!)).toBeLessThan(10);
    expect(Math.max(...tone)).toBeGreaterThan(5900);
  });
});

describe('findEcho', () => {
  it('finds an exact copy where it was delayed, with an infinite signal-to-noise ratio', () => {
    const said = fadedTone(440, RATE, 50);
    const heard = concatPcm([new Int16Array(123), said, new Int16Array(40)]);
    expect(findEcho(said, heard)).toEqual({ offset: 123, snrDb: Number.POSITIVE_INFINITY });
  });

  it('measures the noise of a copy: one part in a hundred is 40 dB', () => {
    const said = fadedTone(440, RATE, 200);
    const noisy = said.map((sample) => Math.round(sample * 1.01));
    const match = findEcho(said, concatPcm([new Int16Array(7), noisy]));
    expect(match?.offset).toBe(7);
    expect(match?.snrDb).toBeCloseTo(40, 0);
  });

  it('prefers the true offset over one a period away', () => {
    const said = fadedTone(400, RATE, 100);
    const heard = concatPcm([new Int16Array(20), said, new Int16Array(20)]);
    expect(findEcho(said, heard)?.offset).toBe(20);
  });

  it('finds nothing in audio shorter than what was said', () => {
    expect(findEcho(fadedTone(440, RATE, 20), new Int16Array(10))).toBeUndefined();
  });
});
