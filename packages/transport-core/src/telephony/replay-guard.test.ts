import { describe, expect, it } from 'vitest';
import { ReplayGuard } from './replay-guard.js';

describe('ReplayGuard', () => {
  it('accepts a key once and refuses it again within the window', () => {
    let nowMs = 0;
    const guard = new ReplayGuard({ windowMs: 1000, now: () => nowMs });
    expect(guard.firstUse('nonce-1')).toBe(true);
    nowMs = 999;
    expect(guard.firstUse('nonce-1')).toBe(false);
    expect(guard.firstUse('nonce-2')).toBe(true);
  });

  it('forgets a key once its window has passed', () => {
    let nowMs = 0;
    const guard = new ReplayGuard({ windowMs: 1000, now: () => nowMs });
    guard.firstUse('nonce-1');
    nowMs = 1000;
    expect(guard.firstUse('nonce-1')).toBe(true);
    expect(guard.firstUse('nonce-1')).toBe(false);
  });

  it('drops expired keys as new ones arrive, so memory follows the traffic of one window', () => {
    let nowMs = 0;
    const guard = new ReplayGuard({ windowMs: 100, now: () => nowMs });
    for (let index = 0; index < 1000; index++) {
      nowMs = index;
      guard.firstUse(`key-${index}`);
    }
    expect(guard.size).toBe(100);
    expect(guard.evictions).toBe(0);
  });

  it('evicts the oldest key when full and counts it, which lets that key be replayed', () => {
    const guard = new ReplayGuard({ windowMs: 60_000, maxEntries: 2, now: () => 0 });
    expect(guard.firstUse('a')).toBe(true);
    expect(guard.firstUse('b')).toBe(true);
    expect(guard.firstUse('c')).toBe(true);
    expect(guard.size).toBe(2);
    expect(guard.evictions).toBe(1);
    expect(guard.firstUse('b')).toBe(false);
    expect(guard.firstUse('c')).toBe(false);
    expect(guard.firstUse('a')).toBe(true);
  });

  it('still refuses a key seen within the window when the clock goes back', () => {
    let nowMs = 5000;
    const guard = new ReplayGuard({ windowMs: 1000, now: () => nowMs });
    guard.firstUse('a');
    nowMs = 4000;
    expect(guard.firstUse('a')).toBe(false);
  });

  it('refuses a window or bound that is not positive', () => {
    expect(() => new ReplayGuard({ windowMs: 0 })).toThrow(RangeError);
    expect(() => new ReplayGuard({ windowMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => new ReplayGuard({ windowMs: 1, maxEntries: 0 })).toThrow(RangeError);
    expect(() => new ReplayGuard({ windowMs: 1, maxEntries: 1.5 })).toThrow(RangeError);
    expect(new ReplayGuard({ windowMs: 1 }).windowMs).toBe(1);
  });
});
