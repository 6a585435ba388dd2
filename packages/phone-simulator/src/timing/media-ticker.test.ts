import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { MediaTicker } from './media-ticker.js';

describe('MediaTicker', () => {
  it('ticks every interval on a fixed grid, so late ticks do not push later ones back', async () => {
    const clock = new ManualClock(1000);
    const ticker = new MediaTicker({ clock });
    const times: number[] = [];
    const unsubscribe = ticker.subscribe(() => times.push(clock.now()));
    await clock.advance(100);
    expect(times).toEqual([1020, 1040, 1060, 1080, 1100]);
    unsubscribe();
  });

  it('shares one timer between listeners and stops when the last one leaves', async () => {
    const clock = new ManualClock();
    const ticker = new MediaTicker({ clock });
    let first = 0;
    let second = 0;
    const stopFirst = ticker.subscribe(() => first++);
    const stopSecond = ticker.subscribe(() => second++);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(40);
    stopFirst();
    await clock.advance(40);
    stopSecond();
    expect([first, second]).toEqual([2, 4]);
    await clock.advance(20);
    expect(clock.pendingTimers).toBe(0);
    expect(ticker.nextTickAtMs).toBeUndefined();
  });

  it('keeps ticking when a listener throws', async () => {
    const clock = new ManualClock();
    const ticker = new MediaTicker({ clock });
    let calls = 0;
    ticker.subscribe(() => {
      throw new Error('boom');
    });
    const stop = ticker.subscribe(() => calls++);
    await clock.advance(60);
    expect(calls).toBe(3);
    stop();
  });
});
