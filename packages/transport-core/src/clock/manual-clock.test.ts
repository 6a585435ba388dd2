import { describe, expect, it } from 'vitest';
import { sleep, systemClock } from './clock.js';
import { flushMicrotasks, ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('stands still until advanced', async () => {
    const clock = new ManualClock(1000);
    expect(clock.now()).toBe(1000);
    await flushMicrotasks();
    expect(clock.now()).toBe(1000);
    await clock.advance(250);
    expect(clock.now()).toBe(1250);
  });

  it('fires due timers in order of due time, then of creation, each seeing its own due time', async () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    const note = (name: string) => () => fired.push(`${name}@${clock.now()}`);
    clock.setTimeout(note('c'), 30);
    clock.setTimeout(note('a'), 10);
    clock.setTimeout(note('b1'), 20);
    clock.setTimeout(note('b2'), 20);
    clock.setTimeout(note('late'), 31);
    await clock.advance(30);
    expect(fired).toEqual(['a@10', 'b1@20', 'b2@20', 'c@30']);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1);
    expect(fired.at(-1)).toBe('late@31');
  });

  it('fires a timer set by another timer within the same advance when it falls due', async () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
      clock.setTimeout(() => fired.push(clock.now()), 50);
    }, 10);
    await clock.advance(20);
    expect(fired).toEqual([10, 15]);
    expect(clock.now()).toBe(20);
  });

  it('treats a negative delay as zero', async () => {
    const clock = new ManualClock();
    let fired = false;
    clock.setTimeout(() => {
      fired = true;
    }, -5);
    await clock.advance(0);
    expect(fired).toBe(true);
  });

  it('cancels a timer with clearTimeout and ignores unknown or fired handles', async () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    const first = clock.setTimeout(() => fired.push('first'), 10);
    const second = clock.setTimeout(() => fired.push('second'), 10);
    clock.clearTimeout(second);
    clock.clearTimeout('unknown');
    clock.clearTimeout(undefined);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(10);
    clock.clearTimeout(first);
    expect(fired).toEqual(['first']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('lets promise callbacks run between timers', async () => {
    const clock = new ManualClock();
    const order: string[] = [];
    clock.setTimeout(() => {
      order.push('timer 1');
      void Promise.resolve()
        .then(() => order.push('then 1'))
        .then(() => order.push('then 2'));
    }, 10);
    clock.setTimeout(() => order.push('timer 2'), 10);
    await clock.advance(10);
    expect(order).toEqual(['timer 1', 'then 1', 'then 2', 'timer 2']);
  });

  it('resolves sleep() when advanced far enough', async () => {
    const clock = new ManualClock();
    let woke = false;
    void sleep(clock, 100).then(() => {
      woke = true;
    });
    await clock.advance(99);
    expect(woke).toBe(false);
    await clock.advance(1);
    expect(woke).toBe(true);
  });
});

describe('flushMicrotasks', () => {
  it('runs chained promise callbacks up to the number of rounds asked for', async () => {
    let steps = 0;
    let chain = Promise.resolve();
    for (let index = 0; index < 30; index++) {
      chain = chain.then(() => {
        steps++;
      });
    }
    await flushMicrotasks(5);
    expect(steps).toBeLessThan(30);
    await flushMicrotasks(40);
    expect(steps).toBe(30);
  });
});

describe('systemClock', () => {
  it('fires real timers and cancels them', async () => {
    const fired: string[] = [];
    systemClock.setTimeout(() => fired.push('kept'), 1);
    const cancelled = systemClock.setTimeout(() => fired.push('cancelled'), 1);
    systemClock.clearTimeout(cancelled);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fired).toEqual(['kept']);
  });

  it('does not keep the process alive with its timers', () => {
    const handle = systemClock.setTimeout(() => {}, 60_000) as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    systemClock.clearTimeout(handle);
  });

  it('measures monotonic time in milliseconds', () => {
    const before = systemClock.now();
    const after = systemClock.now();
    expect(after).toBeGreaterThanOrEqual(before);
    expect(Math.abs(before - performance.now())).toBeLessThan(1000);
  });
});
