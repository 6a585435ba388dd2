/**
 * The batching of the benchmarks' echo bots, apart from any pipeline: caller audio is cut into
 * batches of `batchMs` and handed to `speak` the way a TTS service hands over audio. The first
 * batch waits for `headroomBatches` more, which keeps that much audio queued in the transport for
 * the whole call; `replay` speaks the latest `headroomBatches + 1` batches again (the answer to an
 * interruption, so the output never runs dry).
 */
export class EchoBatches {
  readonly #batchMs: number;
  readonly #headroomBatches: number;
  readonly #speak: (batch: Int16Array, sampleRate: number) => void;
  /** The latest batches spoken (at most `headroomBatches + 1`), oldest first. */
  #recent: Int16Array[] = [];
  #batch: Int16Array | undefined;
  #filled = 0;
  #sampleRate = 0;
  #held: Int16Array[] = [];
  #primed = false;

  /**
   * @param batchMs batch length in milliseconds (more than 0)
   * @param headroomBatches batches held back before the first one is spoken
   * @param speak hands a batch on as bot speech
   */
  constructor(
    batchMs: number,
    headroomBatches: number,
    speak: (batch: Int16Array, sampleRate: number) => void,
  ) {
    this.#batchMs = batchMs;
    this.#headroomBatches = headroomBatches;
    this.#speak = speak;
  }

  /** Takes caller audio (mono); speaks every batch it completes, once primed. */
  add(audio: Int16Array, sampleRate: number): void {
    if (sampleRate !== this.#sampleRate) {
      this.#sampleRate = sampleRate;
      this.#batch = undefined;
      this.#filled = 0;
    }
    const batchSamples = Math.max(1, Math.round((sampleRate * this.#batchMs) / 1000));
    let offset = 0;
    while (offset < audio.length) {
      this.#batch ??= new Int16Array(batchSamples);
      const count = Math.min(audio.length - offset, batchSamples - this.#filled);
      this.#batch.set(audio.subarray(offset, offset + count), this.#filled);
      this.#filled += count;
      offset += count;
      if (this.#filled === batchSamples) {
        this.#complete(this.#batch);
        this.#batch = undefined;
        this.#filled = 0;
      }
    }
  }

  /** Speaks the latest batches again, oldest first. */
  replay(): void {
    for (const batch of this.#recent) this.#speak(batch, this.#sampleRate);
  }

  #complete(batch: Int16Array): void {
    if (this.#primed) {
      this.#speakAndKeep(batch);
      return;
    }
    this.#held.push(batch);
    if (this.#held.length <= this.#headroomBatches) return;
    this.#primed = true;
    for (const held of this.#held) this.#speakAndKeep(held);
    this.#held = [];
  }

  #speakAndKeep(batch: Int16Array): void {
    this.#recent.push(batch);
    if (this.#recent.length > this.#headroomBatches + 1) this.#recent.shift();
    this.#speak(batch, this.#sampleRate);
  }
}
