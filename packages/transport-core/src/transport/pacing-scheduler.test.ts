import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { PacingScheduler, PacingSleeper } from './pacing-scheduler.js';

function recorder(clock: ManualClock) {
  const woken: string[] = [];
  const sleeper = (name: string): PacingSleeper =>
    new PacingSleeper(() => woken.push(`${name}@${clock.now()}`));
  return { woken, sleeper };
}

describe('PacingScheduler', () => {
  it('holds one clock timer however many sleepers wait', () => {
    const clock = new ManualClock();
    const scheduler = new PacingScheduler(clock);
    const sleepers = Array.from({ length: 600 }, () => new PacingSleeper(() => {}));
    sleepers.forEach((sleeper, index) => {
      scheduler.schedule(sleeper, 20 + (index % 20));
    });
    expect(scheduler.pending).toBe(600);
    expect(clock.pendingTimers).toBe(1);
  });

  it('wakes sleepers in order of their wake times, equal times first come first served', async () => {
    const clock = new ManualClock();
    const scheduler = new PacingScheduler(clock);
    const { woken, sleeper } = recorder(clock);
    scheduler.schedule(sleeper('c'), 30);
    scheduler.schedule(sleeper('a'), 10);
    scheduler.schedule(sleeper('b1'), 20);
    scheduler.schedule(sleeper('b2'), 20);
    await clock.advance(40);
    expect(woken).toEqual(['a@10', 'b1@20', 'b2@20', 'c@30']);
    expect(scheduler.pending).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('wakes everything due within a millisecond of the earliest in the same turn', async () => {
    const clock = new ManualClock();
    const scheduler = new PacingScheduler(clock);
    const { woken, sleeper } = recorder(clock);
    scheduler.schedule(sleeper('first'), 10);
    scheduler.schedule(sleeper('close'), 10.8);
    scheduler.schedule(sleeper('later'), 11.5);
    await clock.advance(10);
    expect(woken).toEqual(['first@10', 'close@10']);
    await clock.advance(2);
    expect(woken.at(-1)).toBe('later@11.5');
  });

  it('moves a wake time earlier or later, and forgets a cancelled one', async () => {
    const clock = new ManualClock();
    const scheduler = new PacingScheduler(clock);
    const { woken, sleeper } = recorder(clock);
    const moved = sleeper('moved');
    const cancelled = sleeper('cancelled');
    const postponed = sleeper('postponed');
    scheduler.schedule(moved, 50);
    scheduler.schedule(cancelled, 5);
    scheduler.schedule(postponed, 10);
    scheduler.schedule(moved, 20);
    scheduler.schedule(postponed, 60);
    scheduler.cancel(cancelled);
    scheduler.cancel(cancelled);
    expect(cancelled.scheduled).toBe(false);
    await clock.advance(100);
    expect(woken).toEqual(['moved@20', 'postponed@60']);
  });

  it('lets a sleeper schedule itself again from its wake, without spinning in one turn', async () => {
    const clock = new ManualClock();
    const scheduler = new PacingScheduler(clock);
    let wakes = 0;
    const ticker: PacingSleeper = new PacingSleeper(() => {
      wakes++;
      // asks for "now" again: it must wait for the next timer turn
      if (wakes < 3) scheduler.schedule(ticker, clock.now());
    });
    scheduler.schedule(ticker, 10);
    await clock.advance(10);
    expect(wakes).toBe(3);
    const periodic: PacingSleeper = new PacingSleeper(() => {
      scheduler.schedule(periodic, clock.now() + 20);
    });
    scheduler.schedule(periodic, 20);
    await clock.advance(200);
    expect(periodic.dueMs).toBe(220);
    expect(clock.pendingTimers).toBe(1);
  });

  it('wakes the others when one throws, then rethrows the first error', () => {
    const clock = new ManualClock();
    const timers: (() => void)[] = [];
    const capturing = {
      now: () => clock.now(),
      setTimeout: (callback: () => void) => {
        timers.push(callback);
        return timers.length;
      },
      clearTimeout: () => {},
    };
    const scheduler = new PacingScheduler(capturing);
    const woken: string[] = [];
    scheduler.schedule(
      new PacingSleeper(() => {
        throw new Error('first');
      }),
      0,
    );
    scheduler.schedule(
      new PacingSleeper(() => {
        throw new Error('second');
      }),
      0,
    );
    scheduler.schedule(new PacingSleeper(() => woken.push('ok')), 0);
    expect(() => timers[0]!()).toThrow('first');
    expect(woken).toEqual(['ok']);
    expect(scheduler.pending).toBe(0);
  });

  it('shares one scheduler per clock', () => {
    const clock = new ManualClock();
    expect(PacingScheduler.for(clock)).toBe(PacingScheduler.for(clock));
    expect(PacingScheduler.for(new ManualClock())).not.toBe(PacingScheduler.for(clock));
  });

  it('keeps heap order through many random schedules and cancels', async () => {
    const clock = new ManualClock();
    const scheduler = new PacingScheduler(clock);
    const order: number[] = [];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const sleepers = Array.from(
      { length: 200 },
      (_, index) => new PacingSleeper(() => order.push(index)),
    );
    const expected = new Map<number, number>();
    for (let step = 0; step < 2000; step++) {
      const index = Math.floor(random() * sleepers.length);
      if (random() < 0.2) {
        scheduler.cancel(sleepers[index]!);
        expected.delete(index);
      } else {
        const dueMs = 10 + Math.floor(random() * 500) * 2;
        scheduler.schedule(sleepers[index]!, dueMs);
        expected.set(index, dueMs);
      }
    }
    await clock.advance(2000);
    expect(order).toHaveLength(expected.size);
    const dueTimes = order.map((index) => expected.get(index)!);
    expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b));
  });
});
