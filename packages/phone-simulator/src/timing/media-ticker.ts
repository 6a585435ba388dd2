import { type Clock, systemClock, type TimerHandle } from '@x/transport-core';

/** Interval of the shared media tick: one telephony frame. */
export const MEDIA_TICK_INTERVAL_MS = 20;

/** Options of `MediaTicker`. */
export interface MediaTickerOptions {
  /** Tick interval in milliseconds. Default 20. */
  intervalMs?: number;
  /** Time source and timers. Default the system clock. */
  clock?: Clock;
}

/** Defaults of `MediaTickerOptions`. */
export const defaultMediaTickerOptions = Object.freeze({
  intervalMs: MEDIA_TICK_INTERVAL_MS,
  clock: systemClock,
} satisfies Required<MediaTickerOptions>);

/**
 * One drift-corrected periodic tick shared by every call in the process: tick n is scheduled
 * at start + n × interval (not "interval after the last tick"), so lateness never accumulates.
 * When the loop falls more than a tick behind, missed ticks are skipped; listeners compute what
 * is due from the time, so they catch up in one call. The timer runs only while someone listens.
 */
export class MediaTicker {
  static #shared: MediaTicker | undefined;

  /** The process-wide ticker on the system clock. */
  static shared(): MediaTicker {
    MediaTicker.#shared ??= new MediaTicker();
    return MediaTicker.#shared;
  }

  readonly intervalMs: number;
  readonly #clock: Clock;
  #listeners = new Set<() => void>();
  #timer: TimerHandle | undefined;
  #startMs = 0;
  #tickIndex = 0;

  constructor(options: MediaTickerOptions = {}) {
    this.intervalMs = options.intervalMs ?? defaultMediaTickerOptions.intervalMs;
    this.#clock = options.clock ?? defaultMediaTickerOptions.clock;
    if (!(this.intervalMs > 0)) {
      throw new RangeError(`intervalMs must be positive, got ${this.intervalMs}`);
    }
  }

  /** Number of listeners. */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** When the next tick is due (on the ticker's clock), or undefined while stopped. */
  get nextTickAtMs(): number | undefined {
    return this.#timer === undefined
      ? undefined
      : this.#startMs + this.#tickIndex * this.intervalMs;
  }

  /** Calls `listener` on every tick until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (this.#timer === undefined) this.#start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stop();
    };
  }

  #start(): void {
    this.#startMs = this.#clock.now();
    this.#tickIndex = 0;
    this.#schedule();
  }

  #stop(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    const now = this.#clock.now();
    this.#tickIndex++;
    let dueMs = this.#startMs + this.#tickIndex * this.intervalMs;
    if (dueMs < now - this.intervalMs) {
      this.#tickIndex = Math.floor((now - this.#startMs) / this.intervalMs) + 1;
      dueMs = this.#startMs + this.#tickIndex * this.intervalMs;
    }
    // Node truncates fractional delays, which would fire the tick early: round up instead
    this.#timer = this.#clock.setTimeout(() => this.#tick(), Math.ceil(dueMs - now));
  }

  #tick(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // a failing call must not stop the others; calls report their own errors
      }
    }
    if (this.#listeners.size > 0) this.#schedule();
    else this.#timer = undefined;
  }
}
