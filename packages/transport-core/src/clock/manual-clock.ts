import type { Clock, TimerHandle } from './clock.js';

interface ScheduledTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

/**
 * A clock that only moves when told to, for tests: `advance(ms)` fires due timers in order,
 * letting promise callbacks run between them.
 */
export class ManualClock implements Clock {
  #nowMs: number;
  #nextId = 1;
  #timers: ScheduledTimer[] = [];

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.#nextId++, dueMs: this.#nowMs + Math.max(0, delayMs), callback };
    this.#timers.push(timer);
    this.#timers.sort((a, b) => a.dueMs - b.dueMs || a.id - b.id);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.#nowMs + ms;
    await flushMicrotasks();
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.dueMs > targetMs) break;
      this.#timers.shift();
      this.#nowMs = Math.max(this.#nowMs, next.dueMs);
      next.callback();
      await flushMicrotasks();
    }
    this.#nowMs = targetMs;
    await flushMicrotasks();
  }
}

/** Lets pending promise callbacks (and the ones they schedule) run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) await Promise.resolve();
}
