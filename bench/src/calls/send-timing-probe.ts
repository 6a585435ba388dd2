import type { DelayHistogram } from './delay-histogram.js';

/** A pause in bot audio at least this long is a new utterance, not an underrun (the simulator's default). */
const UTTERANCE_GAP_MS = 250;

/** What the send-timing probes of all calls counted since the last `take()`. */
export class SendTimingTotals {
  /** |interval between two sends of a call − one chunk|, in ms. */
  readonly jitter: DelayHistogram;
  /** Sends that came after the audio sent before them had finished playing. */
  lateSends = 0;
  /** Total silence those late sends left, in ms. */
  gapMs = 0;

  constructor(jitter: DelayHistogram) {
    this.jitter = jitter;
  }

  /** The counts since the previous call, then starts over. */
  take(): { jitterMs: ReturnType<DelayHistogram['take']>; lateSends: number; gapMs: number } {
    const result = { jitterMs: this.jitter.take(), lateSends: this.lateSends, gapMs: this.gapMs };
    this.lateSends = 0;
    this.gapMs = 0;
    return result;
  }
}

/** Options of `SendTimingProbe`. */
export interface SendTimingProbeOptions {
  /** Audio in each message, in milliseconds. */
  chunkMs: number;
  /**
   * Most audio the server sends ahead of real time, in milliseconds (0: none, it answers each
   * message as it comes; default one chunk): that much goes out at once when an utterance starts.
   */
  leadMs?: number;
  /** Reads the time in milliseconds (default `performance.now`; tests pass their own). */
  now?: () => number;
}

/**
 * The server's own view of its outbound pacing, for one call: every audio message it sends
 * carries `chunkMs` of audio; the probe plays them out on an ideal client that starts each
 * message when it arrives or when the previous one ends. Independent of the simulator's event
 * loop, so it tells the server's pacing apart from noise on the load side.
 *
 * An utterance (the first send, one after a pause of `UTTERANCE_GAP_MS`, or the first after a
 * `clear`) starts with up to `leadMs` of audio at once: the intervals of those sends are not
 * pacing and are left out of the jitter. A `clear` empties the client's buffer, so what follows
 * is measured afresh.
 */
export class SendTimingProbe {
  readonly #totals: SendTimingTotals;
  readonly #chunkMs: number;
  readonly #burstIntervals: number;
  readonly #now: () => number;
  #lastSendMs: number | undefined;
  #playoutEndMs = 0;
  #unpacedIntervals = 0;

  constructor(totals: SendTimingTotals, options: SendTimingProbeOptions) {
    this.#totals = totals;
    this.#chunkMs = options.chunkMs;
    this.#burstIntervals = Math.ceil((options.leadMs ?? options.chunkMs) / options.chunkMs);
    this.#now = options.now ?? (() => performance.now());
  }

  /** An audio message was sent now. */
  sent(): void {
    const now = this.#now();
    const last = this.#lastSendMs;
    const gap = now - this.#playoutEndMs;
    if (last === undefined || gap >= UTTERANCE_GAP_MS) {
      this.#unpacedIntervals = this.#burstIntervals;
    } else {
      if (this.#unpacedIntervals > 0) this.#unpacedIntervals--;
      else this.#totals.jitter.record(Math.abs(now - last - this.#chunkMs));
      if (gap > 0) {
        this.#totals.lateSends++;
        this.#totals.gapMs += gap;
      }
    }
    this.#lastSendMs = now;
    this.#playoutEndMs = Math.max(this.#playoutEndMs, now) + this.#chunkMs;
  }

  /** A `clear` was sent now: the client dropped what it had buffered. */
  cleared(): void {
    this.#lastSendMs = undefined;
    this.#playoutEndMs = 0;
  }
}
