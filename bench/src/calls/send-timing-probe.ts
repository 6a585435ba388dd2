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

/**
 * The server's own view of its outbound pacing, for one call: every audio message it sends
 * carries `chunkMs` of audio; the probe plays them out on an ideal client that starts each
 * message when it arrives or when the previous one ends. Independent of the simulator's event
 * loop, so it tells the server's pacing apart from noise on the load side.
 */
export class SendTimingProbe {
  readonly #totals: SendTimingTotals;
  readonly #chunkMs: number;
  readonly #now: () => number;
  #lastSendMs: number | undefined;
  #playoutEndMs = 0;

  /** `now` reads the time in milliseconds (default `performance.now`; tests pass their own). */
  constructor(
    totals: SendTimingTotals,
    chunkMs: number,
    now: () => number = () => performance.now(),
  ) {
    this.#totals = totals;
    this.#chunkMs = chunkMs;
    this.#now = now;
  }

  /** An audio message was sent now. */
  sent(): void {
    const now = this.#now();
    const last = this.#lastSendMs;
    if (last !== undefined) {
      const gap = now - this.#playoutEndMs;
      if (gap < UTTERANCE_GAP_MS) {
        this.#totals.jitter.record(Math.abs(now - last - this.#chunkMs));
        if (gap > 0) {
          this.#totals.lateSends++;
          this.#totals.gapMs += gap;
        }
      }
    }
    this.#lastSendMs = now;
    this.#playoutEndMs = Math.max(this.#playoutEndMs, now) + this.#chunkMs;
  }
}
