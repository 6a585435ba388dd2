import { describe, expect, it } from 'vitest';
import { downmixToMono, upmixMono } from './channels.js';

describe('channel conversion', () => {
  it('averages interleaved stereo into mono, rounding, and drops a trailing partial frame', () => {
    expect([...downmixToMono(new Int16Array([10, 20, -3, -4, 32767, 32767, 9]), 2)]).toEqual([
      15, -3, 32767,
    ]);
  });

  it('averages any number of channels', () => {
    expect([...downmixToMono(new Int16Array([3, 6, 9, -30, 0, 30]), 3)]).toEqual([6, 0]);
  });

  it('returns mono input unchanged', () => {
    const mono = new Int16Array([1, 2, 3]);
    expect(downmixToMono(mono, 1)).toBe(mono);
    expect(upmixMono(mono, 1)).toBe(mono);
  });

  it('copies mono into every channel', () => {
    expect([...upmixMono(new Int16Array([5, -7]), 2)]).toEqual([5, 5, -7, -7]);
  });
});
