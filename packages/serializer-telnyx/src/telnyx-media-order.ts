/** Default number of frames that may arrive ahead of a missing one before it is given up. */
export const DEFAULT_REORDER_WINDOW_FRAMES = 2;

/** Largest accepted reorder window, in frames (20 ms each). */
export const MAX_REORDER_WINDOW_FRAMES = 16;

/** After this many frames, a stream where most gaps are never filled stops being held. */
const GAP_CHECK_AFTER_FRAMES = 50;

/**
 * Late frames in a row, each numbered after the one before, that show the stream is really
 * behind the expected number (a stray frame numbered far ahead moved it): the order is then
 * taken from them again.
 */
export const RESYNC_AFTER_LATE_FRAMES = 3;

/** Counts of how inbound media frames arrived. */
export interface MediaOrderStats {
  /** Frames received on the caller track. */
  received: number;
  /** Frames that arrived after a frame with a later chunk number. */
  outOfOrder: number;
  /** Out-of-order frames put back in their place before decoding. */
  reordered: number;
  /** Frames dropped because their place had already been passed (late, or a repeat). */
  late: number;
  /** Frames dropped because a frame with the same chunk number was already held. */
  duplicates: number;
  /** Chunk numbers skipped because they had not arrived within the window. */
  missing: number;
  /** Frames without a usable chunk number, passed on as they came. */
  unnumbered: number;
  /** Times the order was taken again from late frames, after a stray frame numbered far ahead. */
  resyncs: number;
}

interface HeldFrame<T> {
  readonly chunk: number;
  readonly item: T;
}

/**
 * Puts inbound media frames back in chunk order within a small window.
 *
 * Telnyx says media order is not guaranteed. Frames in order pass straight through (no delay,
 * no allocation). When a chunk number is skipped, later frames are held until the missing one
 * arrives (then all are released in order) or until more than `windowFrames` frames are held
 * (the missing chunk is given up, counted in `missing`, and the held frames are released). A
 * frame arriving after its place was passed is dropped and counted as `late`: decoding it out of
 * order would put a click in the audio, and the resampler state must see audio in order.
 *
 * The extra delay happens only after a loss or swap and is at most `windowFrames` frame times.
 * If chunk numbers turn out to have gaps by design (most gaps never filled), holding stops and
 * frames pass straight through, so a stream numbered that way never gains latency.
 */
export class MediaReorderBuffer<T> {
  #windowFrames: number;
  #expected: number | undefined;
  readonly #held: HeldFrame<T>[] = [];
  readonly #stats: MediaOrderStats = {
    received: 0,
    outOfOrder: 0,
    reordered: 0,
    late: 0,
    duplicates: 0,
    missing: 0,
    unnumbered: 0,
    resyncs: 0,
  };
  /** Consecutive late frames, each numbered after the previous one. */
  #lateRun = 0;
  #lastLateChunk = 0;
  /** Chunks counted missing by the last jump wider than the window (undone if it was a stray). */
  #lastJumpMissing = 0;

  /** @throws RangeError when `windowFrames` is not a whole number from 0 to 16. */
  constructor(windowFrames = DEFAULT_REORDER_WINDOW_FRAMES) {
    if (
      !Number.isInteger(windowFrames) ||
      windowFrames < 0 ||
      windowFrames > MAX_REORDER_WINDOW_FRAMES
    ) {
      throw new RangeError(
        `reorder window must be a whole number of frames from 0 to ${MAX_REORDER_WINDOW_FRAMES}, got ${windowFrames}`,
      );
    }
    this.#windowFrames = windowFrames;
  }

  /** A snapshot of the counters. */
  get stats(): Readonly<MediaOrderStats> {
    return { ...this.#stats };
  }

  /** Frames currently held, waiting for a missing chunk. */
  get heldFrames(): number {
    return this.#held.length;
  }

  /** The window in use (0 once holding was turned off for a stream with gaps by design). */
  get windowFrames(): number {
    return this.#windowFrames;
  }

  /**
   * Takes one frame; appends to `released`, in order, every frame that may now be passed on
   * (none while waiting for a missing chunk).
   */
  push(chunk: number | undefined, item: T, released: T[]): void {
    const stats = this.#stats;
    stats.received++;
    if (chunk === undefined) {
      stats.unnumbered++;
      released.push(item);
      return;
    }
    const expected = this.#expected;
    if (expected === undefined || (chunk === expected && this.#held.length === 0)) {
      this.#expected = chunk + 1;
      released.push(item);
      return;
    }
    if (chunk < expected) {
      stats.outOfOrder++;
      if (this.#resyncOnLateRun(chunk, item, released)) return;
      stats.late++;
      return;
    }
    this.#lateRun = 0;
    if (chunk === expected) {
      stats.outOfOrder++;
      stats.reordered++;
      this.#expected = chunk + 1;
      released.push(item);
      this.#releaseConsecutive(released);
      return;
    }
    if (chunk - expected > this.#windowFrames) {
      // A jump wider than the window: the stream moved on; give up everything before it.
      this.#releaseAll(released);
      this.#lastJumpMissing = chunk - (this.#expected ?? chunk);
      stats.missing += this.#lastJumpMissing;
      this.#expected = chunk + 1;
      released.push(item);
      this.#checkGapsByDesign(released);
      return;
    }
    if (!this.#hold(chunk, item)) {
      stats.duplicates++;
      return;
    }
    if (this.#held.length > this.#windowFrames) this.#giveUpGap(released);
  }

  /** Releases every held frame in chunk order (e.g. at the end of the stream). */
  drain(released: T[]): void {
    this.#releaseAll(released);
  }

  /** Forgets held frames and the expected chunk (a new stream starts). Counters are kept. */
  reset(): void {
    this.#held.length = 0;
    this.#expected = undefined;
  }

  /**
   * Counts a late frame towards a resync; on the `RESYNC_AFTER_LATE_FRAMES`th in a row (each
   * numbered after the previous), the stream is followed from this frame again, the missing
   * count of the jump that caused it is taken back, and the frame is released.
   */
  #resyncOnLateRun(chunk: number, item: T, released: T[]): boolean {
    this.#lateRun = this.#lateRun > 0 && chunk > this.#lastLateChunk ? this.#lateRun + 1 : 1;
    this.#lastLateChunk = chunk;
    if (this.#lateRun < RESYNC_AFTER_LATE_FRAMES) return false;
    const stats = this.#stats;
    stats.resyncs++;
    stats.missing = Math.max(0, stats.missing - this.#lastJumpMissing);
    this.#lastJumpMissing = 0;
    this.#lateRun = 0;
    this.#held.length = 0;
    this.#expected = chunk + 1;
    released.push(item);
    return true;
  }

  /** Inserts in chunk order; false when that chunk is already held. */
  #hold(chunk: number, item: T): boolean {
    const held = this.#held;
    let index = held.length;
    while (index > 0 && held[index - 1]!.chunk > chunk) index--;
    if (index > 0 && held[index - 1]!.chunk === chunk) return false;
    held.splice(index, 0, { chunk, item });
    return true;
  }

  #giveUpGap(released: T[]): void {
    const first = this.#held[0]!;
    this.#stats.missing += first.chunk - this.#expected!;
    this.#expected = first.chunk;
    this.#releaseConsecutive(released);
    this.#checkGapsByDesign(released);
  }

  #releaseConsecutive(released: T[]): void {
    const held = this.#held;
    let count = 0;
    while (count < held.length && held[count]!.chunk === this.#expected) {
      released.push(held[count]!.item);
      this.#expected = held[count]!.chunk + 1;
      count++;
    }
    if (count > 0) held.splice(0, count);
  }

  #releaseAll(released: T[]): void {
    const held = this.#held;
    for (const frame of held) {
      if (this.#expected !== undefined && frame.chunk > this.#expected) {
        this.#stats.missing += frame.chunk - this.#expected;
      }
      released.push(frame.item);
      this.#expected = frame.chunk + 1;
    }
    held.length = 0;
  }

  #checkGapsByDesign(released: T[]): void {
    const stats = this.#stats;
    if (this.#windowFrames === 0 || stats.received < GAP_CHECK_AFTER_FRAMES) return;
    if (stats.missing * 4 > stats.received && stats.reordered * 4 < stats.missing) {
      this.#windowFrames = 0;
      this.#releaseAll(released);
    }
  }
}
