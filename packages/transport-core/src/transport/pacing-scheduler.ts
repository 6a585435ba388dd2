import type { Clock, TimerHandle } from '../clock/clock.js';

/**
 * Wakes due within this many milliseconds of the earliest one run in the same timer turn: Node's
 * timers have a resolution of 1 ms, and the output transport treats a release that close as due.
 */
export const PACING_COALESCE_MS = 1;

/** One party waiting on a `PacingScheduler`: at most one wake time at a time. */
export class PacingSleeper {
  /** Called when the wake time has come (once per `schedule`). */
  readonly wake: () => void;
  /** The wake time on the scheduler's clock, in milliseconds; +∞ while not scheduled. */
  dueMs = Number.POSITIVE_INFINITY;
  /** @internal Position in the scheduler's heap; −1 while not scheduled. */
  heapIndex = -1;
  /** @internal Order of scheduling, so equal wake times run first come, first served. */
  sequence = 0;

  constructor(wake: () => void) {
    this.wake = wake;
  }

  /** Whether a wake time is set. */
  get scheduled(): boolean {
    return this.heapIndex >= 0;
  }
}

const schedulerByClock = new WeakMap<Clock, PacingScheduler>();

/**
 * One timer for every call's pacing on a clock: each output transport registers its next wake
 * time; the scheduler keeps them in a heap ordered by time and holds a single clock timer for the
 * earliest, so N calls cost one timer rather than N, and calls due in the same millisecond wake in
 * one timer turn. Scheduling is O(log N); interruptions and ends do not go through it (they act at
 * once). A wake that throws does not stop the others; the first error is rethrown afterwards.
 */
export class PacingScheduler {
  readonly clock: Clock;
  readonly #heap: PacingSleeper[] = [];
  #timer: TimerHandle | undefined;
  #timerDueMs = Number.POSITIVE_INFINITY;
  #sequence = 0;
  #running = false;

  /** The scheduler shared by everything paced on `clock` (created on first use). */
  static for(clock: Clock): PacingScheduler {
    let scheduler = schedulerByClock.get(clock);
    if (scheduler === undefined) {
      scheduler = new PacingScheduler(clock);
      schedulerByClock.set(clock, scheduler);
    }
    return scheduler;
  }

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Sleepers waiting. */
  get pending(): number {
    return this.#heap.length;
  }

  /** Wakes `sleeper` at `dueMs` on the clock, replacing the wake time it had. */
  schedule(sleeper: PacingSleeper, dueMs: number): void {
    if (sleeper.heapIndex >= 0) {
      if (sleeper.dueMs === dueMs) return;
      const earlier = dueMs < sleeper.dueMs;
      sleeper.dueMs = dueMs;
      sleeper.sequence = this.#sequence++;
      if (earlier) this.#siftUp(sleeper.heapIndex);
      else this.#siftDown(sleeper.heapIndex);
    } else {
      sleeper.dueMs = dueMs;
      sleeper.sequence = this.#sequence++;
      sleeper.heapIndex = this.#heap.length;
      this.#heap.push(sleeper);
      this.#siftUp(sleeper.heapIndex);
    }
    if (!this.#running) this.#arm();
  }

  /** Forgets `sleeper`'s wake time (nothing happens if it had none). */
  cancel(sleeper: PacingSleeper): void {
    const index = sleeper.heapIndex;
    if (index < 0) return;
    this.#removeAt(index);
    if (!this.#running) this.#arm();
  }

  /** Sets the clock timer for the earliest wake time, or clears it when none is left. */
  #arm(): void {
    const earliest = this.#heap[0];
    if (earliest === undefined) {
      if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#timerDueMs = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.#timer !== undefined && this.#timerDueMs <= earliest.dueMs) return;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timerDueMs = earliest.dueMs;
    this.#timer = this.clock.setTimeout(this.#onTimer, earliest.dueMs - this.clock.now());
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#timerDueMs = Number.POSITIVE_INFINITY;
    this.#running = true;
    let firstError: unknown;
    let failed = false;
    // A wake scheduled during this turn waits for the next one, so no sleeper can spin here.
    const turnSequence = this.#sequence;
    const deferred: PacingSleeper[] = [];
    try {
      const horizonMs = this.clock.now() + PACING_COALESCE_MS;
      for (let earliest = this.#heap[0]; earliest !== undefined; earliest = this.#heap[0]) {
        if (earliest.dueMs > horizonMs) break;
        if (earliest.sequence >= turnSequence) {
          const dueMs = earliest.dueMs;
          this.#removeAt(0);
          earliest.dueMs = dueMs;
          deferred.push(earliest);
          continue;
        }
        this.#removeAt(0);
        try {
          earliest.wake();
        } catch (error) {
          if (!failed) firstError = error;
          failed = true;
        }
      }
    } finally {
      this.#running = false;
      for (const sleeper of deferred) this.schedule(sleeper, sleeper.dueMs);
      this.#arm();
    }
    if (failed) throw firstError;
  };

  #removeAt(index: number): void {
    const heap = this.#heap;
    const removed = heap[index]!;
    const last = heap.pop()!;
    removed.heapIndex = -1;
    removed.dueMs = Number.POSITIVE_INFINITY;
    if (last === removed) return;
    heap[index] = last;
    last.heapIndex = index;
    this.#siftDown(index);
    this.#siftUp(last.heapIndex);
  }

  #siftUp(start: number): void {
    const heap = this.#heap;
    let index = start;
    const item = heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!precedes(item, parent)) break;
      heap[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    heap[index] = item;
    item.heapIndex = index;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    const length = heap.length;
    let index = start;
    const item = heap[index]!;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && precedes(heap[right]!, heap[left]!) ? right : left;
      if (!precedes(heap[child]!, item)) break;
      heap[index] = heap[child]!;
      heap[index]!.heapIndex = index;
      index = child;
    }
    heap[index] = item;
    item.heapIndex = index;
  }
}

function precedes(a: PacingSleeper, b: PacingSleeper): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.sequence < b.sequence);
}
