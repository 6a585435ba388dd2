/**
 * Real time the caller audio may run ahead of, in milliseconds, before no more silence is
 * inserted: audio that arrives in bursts after a network stall is covered, while a client that
 * invents timestamp jumps gets at most this much extra audio processed.
 */
export const CALLER_AUDIO_GAP_ALLOWANCE_MS = 1000;

/** Frames seen before the stream is judged on how often it has gaps. */
export const GAP_CHECK_AFTER_FRAMES = 25;

/** Frames in a row more than a frame behind the expected timestamp that show the provider's
 * timestamps moved back (rather than a few repeated frames). */
export const TIMESTAMPS_MOVED_BACK_AFTER_FRAMES = 3;

/** Counts of the silence inserted into one call's caller audio. */
export interface CallerAudioGapStats {
  /** Gaps filled with silence. */
  readonly gapsFilled: number;
  /** Milliseconds of silence inserted, in all. */
  readonly silenceInsertedMs: number;
  /** Milliseconds of gap not filled: beyond `maxGapMs`, or more than the time passed allowed. */
  readonly gapUnfilledMs: number;
  /**
   * True once filling stopped because most frames looked like gaps: the provider's numbering
   * does not count what this class assumes (e.g. timestamps in other units), so nothing more is
   * inserted for this call.
   */
  readonly stoppedAsUnreliable: boolean;
}

/**
 * Finds gaps in the caller audio from the provider's media timestamps (or, without them, chunk
 * numbers), so the input can insert the silence lost packets left out and the pipeline's audio
 * clock keeps to the call's.
 *
 * With timestamps, each frame is expected where the audio handed on so far (inserted silence
 * included) ends, counted from the first frame's timestamp: a frame later than that by at least
 * half its own duration leaves a gap. Jitter in the timestamps does not add up, as the count is
 * of audio, not of timestamps. Frames earlier than expected (repeats) change nothing, until
 * `TIMESTAMPS_MOVED_BACK_AFTER_FRAMES` frames in a row are more than a frame early: the
 * provider's timestamps moved back, and they are followed from there. With chunk numbers, each frame is expected to carry the next number after the highest
 * so far, and each missing number is as long as the frame before it.
 *
 * A gap is filled with at most `maxGapMs`, and never with more than the time that has passed since
 * the first frame (plus `CALLER_AUDIO_GAP_ALLOWANCE_MS`) leaves room for: timestamps alone cannot
 * make the pipeline hear more audio than the call has lasted. What is not filled is forgiven (the
 * next frame is not a gap again). A stream where more than a quarter of the first
 * `GAP_CHECK_AFTER_FRAMES` frames (or of any later count) show gaps is not numbered as assumed:
 * filling stops for the call.
 */
export class CallerAudioGaps {
  readonly #maxGapMs: number;
  /** The timestamp the audio handed on so far is counted from, in the provider's ms. */
  #originMs: number | undefined;
  #nextChunk: number | undefined;
  #lastDurationMs = 0;
  #firstArrivalMs: number | undefined;
  /** Caller audio handed on so far, inserted silence included, in ms. */
  #audioMs = 0;
  #gapsFilled = 0;
  #silenceInsertedMs = 0;
  #gapUnfilledMs = 0;
  #frames = 0;
  #framesAfterGaps = 0;
  #stoppedAsUnreliable = false;
  /** Frames in a row whose timestamps were more than a frame behind the audio handed on. */
  #framesBehind = 0;

  /** @param maxGapMs longest silence inserted for one gap, in ms. */
  constructor(maxGapMs: number) {
    this.#maxGapMs = maxGapMs;
  }

  /** True once filling stopped for the call (see `CallerAudioGapStats.stoppedAsUnreliable`). */
  get stoppedAsUnreliable(): boolean {
    return this.#stoppedAsUnreliable;
  }

  /** A snapshot of the counters. */
  get stats(): CallerAudioGapStats {
    return {
      gapsFilled: this.#gapsFilled,
      silenceInsertedMs: this.#silenceInsertedMs,
      gapUnfilledMs: this.#gapUnfilledMs,
      stoppedAsUnreliable: this.#stoppedAsUnreliable,
    };
  }

  /**
   * Takes the next frame's position; returns the milliseconds of silence to insert before it
   * (0 when it follows on). The caller inserts what it can in whole samples and reports it with
   * `inserted`.
   * @param timestampMs the provider's media timestamp, in ms (any origin: only differences count)
   * @param chunk the provider's chunk (message) number, used when there is no timestamp
   * @param durationMs how long the frame's audio lasts, in ms
   * @param arrivedAtMs when it arrived, in ms on the transport's clock
   */
  silenceBefore(
    timestampMs: number | undefined,
    chunk: number | undefined,
    durationMs: number,
    arrivedAtMs: number,
  ): number {
    this.#firstArrivalMs ??= arrivedAtMs;
    let gapMs = 0;
    if (timestampMs !== undefined) {
      this.#originMs ??= timestampMs - this.#audioMs;
      const offsetMs = timestampMs - (this.#originMs + this.#audioMs);
      if (offsetMs < -durationMs) {
        // behind by more than a frame: a repeat, or the provider's timestamps moved back
        if (++this.#framesBehind >= TIMESTAMPS_MOVED_BACK_AFTER_FRAMES) {
          this.#originMs = timestampMs - this.#audioMs;
          this.#framesBehind = 0;
        }
      } else {
        this.#framesBehind = 0;
        if (offsetMs > 0) gapMs = offsetMs;
      }
    } else if (chunk !== undefined && this.#nextChunk !== undefined) {
      gapMs = Math.max(0, (chunk - this.#nextChunk) * this.#lastDurationMs);
    }
    if (chunk !== undefined && (this.#nextChunk === undefined || chunk >= this.#nextChunk)) {
      this.#nextChunk = chunk + 1;
    }
    this.#lastDurationMs = durationMs;
    this.#frames++;
    const isGap = gapMs > 0 && gapMs * 2 >= durationMs;
    if (isGap) this.#framesAfterGaps++;
    if (
      !this.#stoppedAsUnreliable &&
      this.#frames >= GAP_CHECK_AFTER_FRAMES &&
      this.#framesAfterGaps * 4 > this.#frames
    ) {
      this.#stoppedAsUnreliable = true;
    }
    let fillMs = 0;
    if (isGap) {
      fillMs = this.#stoppedAsUnreliable ? 0 : this.#fillable(gapMs, arrivedAtMs);
      // what is not filled is forgiven: the timeline moves on past it
      if (timestampMs !== undefined) this.#originMs! += gapMs - fillMs;
    }
    this.#audioMs += durationMs;
    return fillMs;
  }

  /** Records that `silenceMs` of silence was inserted before the frame just passed in. */
  inserted(silenceMs: number): void {
    if (silenceMs <= 0) return;
    this.#gapsFilled++;
    this.#silenceInsertedMs += silenceMs;
    this.#audioMs += silenceMs;
  }

  /** How much of a gap may be filled: at most `maxGapMs`, and only as far as time has passed. */
  #fillable(gapMs: number, arrivedAtMs: number): number {
    const elapsedMs = arrivedAtMs - (this.#firstArrivalMs ?? arrivedAtMs);
    const roomMs = elapsedMs + CALLER_AUDIO_GAP_ALLOWANCE_MS - this.#audioMs;
    const fill = Math.max(0, Math.min(gapMs, this.#maxGapMs, roomMs));
    this.#gapUnfilledMs += gapMs - fill;
    return fill;
  }
}
