/** An opaque timer handle returned by `Clock.setTimeout`. */
export type TimerHandle = unknown;

/**
 * Time source and timers, injectable so tests can drive time by hand. All times are in
 * milliseconds.
 */
export interface Clock {
  /** Monotonic time in milliseconds (only differences are meaningful). */
  now(): number;
  /** Calls `callback` once after `delayMs`. The timer must not keep the process alive. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer from `setTimeout`; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `performance.now()` and Node timers (unref'd). */
export const systemClock: Clock = Object.freeze({
  now: () => performance.now(),
  setTimeout: (callback: () => void, delayMs: number): TimerHandle => {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle: TimerHandle): void => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
});

/** Resolves after `delayMs` on `clock`. */
export function sleep(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, delayMs);
  });
}
