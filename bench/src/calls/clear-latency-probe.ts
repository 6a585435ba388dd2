import type { InterruptionSample } from './ipc-messages.js';

/** Most latencies one sample keeps (about 75 interruptions a second are expected at 600 calls). */
export const MAX_CLEAR_LATENCIES_PER_SAMPLE = 5_000;
/** Latencies are kept to the microsecond. */
const MICROSECONDS_PER_MS = 1000;

/** What the clear-latency probes of all calls counted since the last `take()`, and over the server's life. */
export class ClearLatencyTotals {
  #latenciesMs: number[] = [];
  #speechStarts = 0;
  #clears = 0;
  /** Counts since the server started. */
  readonly lifetime = { speechStarts: 0, clears: 0, clearsWithoutSpeechStart: 0 };

  /** The VAD started on some call. */
  countSpeechStart(): void {
    this.#speechStarts++;
    this.lifetime.speechStarts++;
  }

  /** A `clear` went out on some call, `latencyMs` after its speech start (none: no start to match). */
  countClear(latencyMs: number | undefined): void {
    this.#clears++;
    this.lifetime.clears++;
    if (latencyMs === undefined) {
      this.lifetime.clearsWithoutSpeechStart++;
    } else if (this.#latenciesMs.length < MAX_CLEAR_LATENCIES_PER_SAMPLE) {
      this.#latenciesMs.push(Math.round(latencyMs * MICROSECONDS_PER_MS) / MICROSECONDS_PER_MS);
    }
  }

  /** The latencies and counts since the previous call, then starts over. */
  take(): InterruptionSample {
    const sample = {
      clearLatenciesMs: this.#latenciesMs,
      speechStarts: this.#speechStarts,
      clears: this.#clears,
    };
    this.#latenciesMs = [];
    this.#speechStarts = 0;
    this.#clears = 0;
    return sample;
  }
}

/**
 * For one call, the interruption latency: from the arrival at the socket of the caller media
 * message whose audio made the VAD start (the bot learns it from the inbound probe: the last
 * audio frame before the VAD's start frame) to the `clear` handed to the socket. A start that
 * interrupts nothing (the bot was quiet) is replaced by the next one.
 */
export class ClearLatencyProbe {
  readonly #totals: ClearLatencyTotals;
  readonly #now: () => number;
  #speechStartArrivalMs: number | undefined;

  /** `now` reads the time in milliseconds (default `performance.now`; tests pass their own). */
  constructor(totals: ClearLatencyTotals, now: () => number = () => performance.now()) {
    this.#totals = totals;
    this.#now = now;
  }

  /** The VAD started on audio whose media message arrived at `arrivalMs` (unknown: undefined). */
  speechStarted(arrivalMs: number | undefined): void {
    this.#totals.countSpeechStart();
    this.#speechStartArrivalMs = arrivalMs;
  }

  /** A `clear` was handed to the socket now. */
  clearSent(): void {
    const arrivalMs = this.#speechStartArrivalMs;
    this.#speechStartArrivalMs = undefined;
    this.#totals.countClear(arrivalMs === undefined ? undefined : this.#now() - arrivalMs);
  }
}
