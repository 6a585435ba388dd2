import type { RawData } from 'ws';
import type { DelayHistogram } from './delay-histogram.js';

/** Caller media messages remembered per call, waiting for their audio frame (2.5 s of 20 ms frames). */
const MAX_PENDING_ARRIVALS = 128;
/** The simulator writes `{"event":"media",…`: byte 10 is `m` and byte 11 `e` only for media. */
const EVENT_NAME_OFFSET = 10;
const LETTER_M = 0x6d;
const LETTER_E = 0x65;

/**
 * Measures, for one call, how long a caller media message takes from the socket to the bot: its
 * `message` listener (attached before the transport's) notes when each media message arrived,
 * and the bot calls `audioArrived()` for each caller audio frame; the serializer makes exactly one
 * frame per media message, in order, so the oldest noted arrival belongs to it.
 */
export class InboundLatencyProbe {
  readonly #histogram: DelayHistogram;
  readonly #arrivals = new Float64Array(MAX_PENDING_ARRIVALS);
  #head = 0;
  #pending = 0;
  #lastAudioArrivalMs: number | undefined;

  constructor(histogram: DelayHistogram) {
    this.#histogram = histogram;
  }

  /** The socket's `message` listener. */
  readonly onMessage = (data: RawData, isBinary: boolean): void => {
    if (isBinary || !Buffer.isBuffer(data) || !isMediaMessage(data)) return;
    const index = (this.#head + this.#pending) % MAX_PENDING_ARRIVALS;
    this.#arrivals[index] = performance.now();
    if (this.#pending < MAX_PENDING_ARRIVALS) this.#pending++;
    else this.#head = (this.#head + 1) % MAX_PENDING_ARRIVALS; // overwrote the oldest
  };

  /**
   * When the media message of the caller audio frame that reached the bot last arrived at the
   * socket (`performance.now()` time); none before the first.
   */
  get lastAudioArrivalMs(): number | undefined {
    return this.#lastAudioArrivalMs;
  }

  /** A caller audio frame reached the bot. */
  audioArrived(): void {
    if (this.#pending === 0) {
      this.#lastAudioArrivalMs = undefined;
      return;
    }
    const arrivedAt = this.#arrivals[this.#head]!;
    this.#head = (this.#head + 1) % MAX_PENDING_ARRIVALS;
    this.#pending--;
    this.#lastAudioArrivalMs = arrivedAt;
    this.#histogram.record(performance.now() - arrivedAt);
  }
}

/** True for the simulator's Twilio media messages (checked on two bytes: this runs per frame). */
function isMediaMessage(data: Buffer): boolean {
  return data[EVENT_NAME_OFFSET] === LETTER_M && data[EVENT_NAME_OFFSET + 1] === LETTER_E;
}
