import { describe, expect, it } from 'vitest';
import { addInto, applyRamps } from './envelope.js';

describe('applyRamps', () => {
  it('rises from near zero to full level and falls back symmetrically', () => {
    const signal = applyRamps(new Float64Array(10).fill(1), 3);
    expect(signal[0]).toBeLessThan(0.1);
    expect(signal[2]).toBeGreaterThan(0.9);
    expect(signal[5]).toBe(1);
    expect(signal[9]).toBeCloseTo(signal[0]!, 12);
  });

  it('never ramps more than half of a short signal', () => {
    const signal = applyRamps(new Float64Array(4).fill(1), 100);
    expect(signal[1]).toBeCloseTo(signal[2]!, 12);
    expect(signal[1]).toBeGreaterThan(0.5);
  });
});

describe('addInto', () => {
  it('adds at an offset and drops what falls outside the target', () => {
    const target = new Float64Array(4).fill(1);
    addInto(target, [1, 2, 3], 2);
    expect([...target]).toEqual([1, 1, 2, 3]);
    addInto(target, [5, 5], -1);
    expect([...target]).toEqual([6, 1, 2, 3]);
  });
});
