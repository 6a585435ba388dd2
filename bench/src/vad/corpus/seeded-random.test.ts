import { describe, expect, it } from 'vitest';
import { SeededRandom, seedFor } from './seeded-random.js';

describe('SeededRandom', () => {
  it('gives the same numbers for the same seed and different numbers for another', () => {
    const first = new SeededRandom(42);
    const second = new SeededRandom(42);
    const other = new SeededRandom(43);
    const sequence = Array.from({ length: 5 }, () => first.next());
    expect(Array.from({ length: 5 }, () => second.next())).toEqual(sequence);
    expect(Array.from({ length: 5 }, () => other.next())).not.toEqual(sequence);
  });

  it('stays within [0, 1) and spreads evenly', () => {
    const random = new SeededRandom(7);
    const values = Array.from({ length: 20_000 }, () => random.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 1);
  });

  it('draws whole numbers including both bounds', () => {
    const random = new SeededRandom(1);
    const seen = new Set(Array.from({ length: 1000 }, () => random.integer(2, 4)));
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });

  it('shuffles without losing or adding items', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = new SeededRandom(3).shuffled(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('draws gaussian numbers with deviation about 1', () => {
    const random = new SeededRandom(11);
    const values = Array.from({ length: 20_000 }, () => random.gaussian());
    const variance = values.reduce((sum, value) => sum + value * value, 0) / values.length;
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
  });
});

describe('seedFor', () => {
  it('derives different seeds for different names from one base seed', () => {
    expect(seedFor(1, 'white')).not.toBe(seedFor(1, 'pink'));
    expect(seedFor(1, 'white')).toBe(seedFor(1, 'white'));
    expect(seedFor(1, 'white')).not.toBe(seedFor(2, 'white'));
  });
});
