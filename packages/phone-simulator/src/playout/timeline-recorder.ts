/** Length of one storage block of the recording, in seconds of audio. */
const BLOCK_SECONDS = 1;

/**
 * What the caller heard, on the call's timeline: samples are written at their call-time
 * position, and everything never written reads as silence. Storage grows in one-second blocks up
 * to `maxSamples`; audio past that is dropped and `truncated` turns true.
 */
export class TimelineRecorder {
  readonly sampleRate: number;
  readonly maxSamples: number;
  #blockSamples: number;
  #blocks: (Int16Array | undefined)[] = [];
  #endSample = 0;
  #truncated = false;

  constructor(sampleRate: number, maxDurationMs: number) {
    this.sampleRate = sampleRate;
    this.maxSamples = Math.max(0, Math.floor((maxDurationMs * sampleRate) / 1000));
    this.#blockSamples = sampleRate * BLOCK_SECONDS;
  }

  /** True once audio past `maxSamples` was dropped. */
  get truncated(): boolean {
    return this.#truncated;
  }

  /** One past the last sample written, i.e. the recorded length so far. */
  get endSample(): number {
    return this.#endSample;
  }

  /** Writes `pcm` starting at sample `position` of the call. */
  write(position: number, pcm: Int16Array): void {
    let length = pcm.length;
    if (position + length > this.maxSamples) {
      this.#truncated = true;
      length = Math.max(0, this.maxSamples - position);
    }
    let written = 0;
    while (written < length) {
      const at = position + written;
      const blockIndex = Math.floor(at / this.#blockSamples);
      const offset = at - blockIndex * this.#blockSamples;
      let block = this.#blocks[blockIndex];
      if (!block) {
        block = new Int16Array(this.#blockSamples);
        this.#blocks[blockIndex] = block;
      }
      const count = Math.min(length - written, this.#blockSamples - offset);
      block.set(pcm.subarray(written, written + count), offset);
      written += count;
    }
    if (length > 0) this.#endSample = Math.max(this.#endSample, position + length);
  }

  /**
   * The samples from `startSample` (inclusive) to `endSample` (exclusive, default the recorded
   * end), silence where nothing played.
   */
  read(startSample = 0, endSample = this.#endSample): Int16Array {
    const start = Math.max(0, Math.floor(startSample));
    const end = Math.max(start, Math.min(Math.floor(endSample), this.maxSamples));
    const out = new Int16Array(end - start);
    let at = start;
    while (at < end) {
      const blockIndex = Math.floor(at / this.#blockSamples);
      const offset = at - blockIndex * this.#blockSamples;
      const count = Math.min(end - at, this.#blockSamples - offset);
      const block = this.#blocks[blockIndex];
      if (block) out.set(block.subarray(offset, offset + count), at - start);
      at += count;
    }
    return out;
  }
}
