/**
 * When each outgoing audio chunk may be sent, so the client receives audio at real time with a
 * bounded lead. The first chunk of a talk spurt goes at once, at `s0`; chunk `n` of the spurt
 * starts playing at `s0 + n·d` and is sent `maxLead` before that (never before it is available).
 * A spurt ends, and the next chunk re-anchors `s0`, only once everything sent has finished playing
 * (the client ran dry: a pause, slow audio, or a late timer).
 *
 * Pure arithmetic on the caller's clock readings; one per call.
 */
export class AudioPacer {
  /** Duration of one chunk, in milliseconds. */
  readonly chunkMs: number;
  /** How long before its play time a chunk may be sent, in milliseconds. */
  readonly maxLeadMs: number;
  #spurtStartMs = 0;
  #chunksInSpurt = 0;

  constructor(chunkMs: number, maxLeadMs: number) {
    if (!(chunkMs > 0)) throw new RangeError(`chunk duration must be positive, got ${chunkMs} ms`);
    if (!(maxLeadMs >= 0)) throw new RangeError(`max lead must be ≥ 0, got ${maxLeadMs} ms`);
    this.chunkMs = chunkMs;
    this.maxLeadMs = maxLeadMs;
  }

  /** When the audio sent so far will have finished playing (−∞ before any was sent). */
  get playoutEndMs(): number {
    return this.#chunksInSpurt === 0
      ? Number.NEGATIVE_INFINITY
      : this.#spurtStartMs + this.#chunksInSpurt * this.chunkMs;
  }

  /** The earliest time, at or after `nowMs`, when the next chunk may be sent. */
  releaseTimeMs(nowMs: number): number {
    if (nowMs >= this.playoutEndMs) return nowMs;
    return Math.max(
      nowMs,
      this.#spurtStartMs + this.#chunksInSpurt * this.chunkMs - this.maxLeadMs,
    );
  }

  /** Records that a chunk was sent at `nowMs`. */
  recordRelease(nowMs: number): void {
    if (nowMs >= this.playoutEndMs) {
      this.#spurtStartMs = nowMs;
      this.#chunksInSpurt = 0;
    }
    this.#chunksInSpurt++;
  }

  /** Forgets the spurt (after an interruption the client's buffer is cleared). */
  reset(): void {
    this.#spurtStartMs = 0;
    this.#chunksInSpurt = 0;
  }
}
