/** Audio placed on the recording's timeline, not yet written. */
interface PlacedAudio {
  /** Timeline position of the first sample, in frames. */
  startFrame: number;
  /** Mono PCM16 samples. */
  samples: Int16Array;
}

/**
 * One side of a call recording (the caller or the bot): mono audio placed at positions on the
 * call's timeline, held only until it is written. Gaps between placed audio read as silence.
 */
export class RecordingTrack {
  #placed: PlacedAudio[] = [];
  /** Where the audio placed so far ends, in frames. */
  #endFrame = 0;
  /** Everything before this position has been read (and can no longer change), in frames. */
  #readFrame = 0;

  /** Where the audio placed so far ends on the timeline, in frames. */
  get endFrame(): number {
    return this.#endFrame;
  }

  /** Frames placed but not yet read: what the track holds in memory. */
  get pendingFrames(): number {
    let frames = 0;
    for (const audio of this.#placed) frames += audio.samples.length;
    return frames;
  }

  /**
   * Places `samples` at `startFrame`, or right after the audio already placed when that overlaps
   * (audio never plays over itself), or at the read position when it is already past.
   */
  place(samples: Int16Array, startFrame: number): void {
    if (samples.length === 0) return;
    const start = Math.max(startFrame, this.#endFrame, this.#readFrame);
    this.#placed.push({ startFrame: start, samples });
    this.#endFrame = start + samples.length;
  }

  /** Forgets every placed sample at or after `frame` (audio that was never heard). */
  cutFrom(frame: number): void {
    const cut = Math.max(frame, this.#readFrame);
    if (cut >= this.#endFrame) return;
    const kept: PlacedAudio[] = [];
    for (const audio of this.#placed) {
      const keptLength = Math.min(audio.samples.length, cut - audio.startFrame);
      if (keptLength === audio.samples.length) kept.push(audio);
      else if (keptLength > 0) {
        kept.push({ startFrame: audio.startFrame, samples: audio.samples.subarray(0, keptLength) });
      }
    }
    this.#placed = kept;
    this.#endFrame = cut;
  }

  /**
   * Copies the next `frameCount` frames from the read position into `target` (interleaved: every
   * `stride`-th sample from `channel`), leaving gaps untouched (the caller zeroes `target`), and
   * forgets what it read.
   */
  readInto(target: Int16Array, channel: number, stride: number, frameCount: number): void {
    const from = this.#readFrame;
    const to = from + frameCount;
    let consumed = 0;
    for (const audio of this.#placed) {
      const audioEnd = audio.startFrame + audio.samples.length;
      if (audio.startFrame >= to) break;
      const first = Math.max(from, audio.startFrame);
      const last = Math.min(to, audioEnd);
      for (let frame = first; frame < last; frame++) {
        target[(frame - from) * stride + channel] = audio.samples[frame - audio.startFrame]!;
      }
      if (audioEnd <= to) consumed++;
    }
    if (consumed > 0) this.#placed = this.#placed.slice(consumed);
    this.#readFrame = to;
  }
}
