import { type Clock, systemClock, type TimerHandle } from '@x/transport-core';
import type { CallRegistry } from './call-registry.js';

/** Options of `drainCalls`. */
export interface DrainCallsOptions {
  /** How long calls in progress may go on by themselves, in milliseconds. */
  drainTimeoutMs: number;
  /** How long the normal end of a call may take once asked for, in milliseconds. */
  endOfCallTimeoutMs: number;
  /** Why the remaining calls are ended (handed to each call's `end`). */
  reason: string;
  /** Clock for both bounds (tests use a `ManualClock`). Default the system clock. */
  clock?: Clock;
}

/** What a drain did. */
export interface DrainOutcome {
  /** Calls in progress when the drain began. */
  readonly callsAtStart: number;
  /** Calls the server ended the normal way after the drain timeout. */
  readonly endedByServer: number;
  /** Calls still there after the end-of-call bound, cancelled. */
  readonly cancelled: number;
  /** Milliseconds from the start of the drain to the last call gone. */
  readonly durationMs: number;
}

/** Resolves true when `promise` settles within `timeoutMs`, false otherwise. */
async function settlesWithin(
  promise: Promise<unknown>,
  timeoutMs: number,
  clock: Clock,
): Promise<boolean> {
  let timer: TimerHandle | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = clock.setTimeout(() => resolve(false), timeoutMs);
  });
  const settled = await Promise.race([promise.then(() => true as const), timeout]);
  clock.clearTimeout(timer);
  return settled;
}

/**
 * Lets the calls in progress finish for up to `drainTimeoutMs`, then ends the rest the normal way
 * (each call's `end`: the bot's goodbye if it has one, then one bounded hang-up and a close) and
 * waits up to `endOfCallTimeoutMs` for them; whatever is left is cancelled. Calls that start
 * meanwhile (their streams were accepted before the drain) are ended as soon as the end phase
 * has begun.
 */
export async function drainCalls(
  calls: CallRegistry,
  options: DrainCallsOptions,
): Promise<DrainOutcome> {
  const clock = options.clock ?? systemClock;
  const startedMs = clock.now();
  const callsAtStart = calls.size;
  let endedByServer = 0;
  let cancelled = 0;
  if (!(await settlesWithin(calls.whenEmpty(), options.drainTimeoutMs, clock))) {
    endedByServer = calls.size;
    calls.endAll(options.reason);
    if (!(await settlesWithin(calls.whenEmpty(), options.endOfCallTimeoutMs, clock))) {
      cancelled = calls.size;
      await calls.cancelAll(options.reason);
    }
  }
  const durationMs = Math.round(clock.now() - startedMs);
  return { callsAtStart, endedByServer, cancelled, durationMs };
}
