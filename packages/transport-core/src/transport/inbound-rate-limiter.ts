/**
 * How many seconds of the allowed rate a client may send at once before the ceiling applies:
 * a provider that catches up after a network hiccup sends a burst, not a sustained excess.
 */
export const INBOUND_RATE_BURST_SECS = 2;

/** Options of `InboundRateLimiter`. */
export interface InboundRateLimiterOptions {
  /** Most messages per second, sustained. */
  maxMessagesPerSecond: number;
  /** Most payload bytes (or characters of text) per second, sustained. */
  maxBytesPerSecond: number;
  /** Seconds of the allowed rate accepted in one burst. Default `INBOUND_RATE_BURST_SECS`. */
  burstSecs?: number;
}

/**
 * The inbound media rate ceiling of one connection: two token buckets (messages and bytes) that
 * refill at the allowed rates and hold `burstSecs` of them. A message that finds either bucket
 * empty is an excess: the sender has been above the ceiling for longer than the burst allows.
 * Constant time and memory per message.
 */
export class InboundRateLimiter {
  readonly #messagesPerMs: number;
  readonly #bytesPerMs: number;
  readonly #messageCapacity: number;
  readonly #byteCapacity: number;
  #messageTokens: number;
  #byteTokens: number;
  #lastMs: number | undefined;

  /** @throws RangeError for a rate or burst that is not a positive number. */
  constructor(options: InboundRateLimiterOptions) {
    const burstSecs = options.burstSecs ?? INBOUND_RATE_BURST_SECS;
    for (const [name, value] of [
      ['maxMessagesPerSecond', options.maxMessagesPerSecond],
      ['maxBytesPerSecond', options.maxBytesPerSecond],
      ['burstSecs', burstSecs],
    ] as const) {
      if (!(value > 0 && Number.isFinite(value))) {
        throw new RangeError(`${name} must be a positive number, got ${value}`);
      }
    }
    this.#messagesPerMs = options.maxMessagesPerSecond / 1000;
    this.#bytesPerMs = options.maxBytesPerSecond / 1000;
    this.#messageCapacity = options.maxMessagesPerSecond * burstSecs;
    this.#byteCapacity = options.maxBytesPerSecond * burstSecs;
    this.#messageTokens = this.#messageCapacity;
    this.#byteTokens = this.#byteCapacity;
  }

  /**
   * Forgets the time of the last message, keeping the tokens: the next `admit` times from its own
   * `nowMs`. For a switch to another clock (the pipeline's replaces the system clock when the
   * pipeline starts), whose times cannot be compared with the old one's.
   */
  rebase(): void {
    this.#lastMs = undefined;
  }

  /**
   * Counts one message of `bytes` received at `nowMs` (a monotonic time in milliseconds).
   * @returns false when it exceeds the ceiling.
   */
  admit(bytes: number, nowMs: number): boolean {
    if (this.#lastMs !== undefined && nowMs > this.#lastMs) {
      const elapsedMs = nowMs - this.#lastMs;
      this.#messageTokens = Math.min(
        this.#messageCapacity,
        this.#messageTokens + elapsedMs * this.#messagesPerMs,
      );
      this.#byteTokens = Math.min(
        this.#byteCapacity,
        this.#byteTokens + elapsedMs * this.#bytesPerMs,
      );
    }
    if (this.#lastMs === undefined || nowMs > this.#lastMs) this.#lastMs = nowMs;
    this.#messageTokens -= 1;
    this.#byteTokens -= bytes;
    return this.#messageTokens >= 0 && this.#byteTokens >= 0;
  }
}
