import {
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  TTSAudioRawFrame,
} from '@x/transport-core';

/** Options of `BatchedEchoBot`. */
export interface BatchedEchoBotOptions {
  /** Caller audio goes back in batches of this many milliseconds; 0 sends each frame back at once. */
  batchMs: number;
  /** Batches held back before the first one is sent, so late caller audio never starves the output. */
  headroomBatches?: number;
  /** Called for every caller audio frame that reaches the bot (for latency probes). */
  onCallerAudio?: () => void;
}

/** Defaults of `BatchedEchoBotOptions`. */
export const DEFAULT_BATCHED_ECHO_BOT_OPTIONS = Object.freeze({ headroomBatches: 1 });

/**
 * The benchmark's bot: plays the caller's audio back as bot speech (`TTSAudioRawFrame`), the way a
 * TTS service hands over audio: in batches, ahead of real time, so the output transport does the
 * real-time pacing of every chunk. The first batch waits for `headroomBatches` more, which keeps
 * that much audio queued in the transport for the whole call. Caller audio is consumed here.
 */
export class BatchedEchoBot extends FrameProcessor {
  readonly #batchMs: number;
  readonly #headroomBatches: number;
  readonly #onCallerAudio: (() => void) | undefined;
  #batch: Int16Array | undefined;
  #filled = 0;
  #sampleRate = 0;
  #held: Int16Array[] = [];
  #primed = false;

  constructor(options: BatchedEchoBotOptions) {
    super({ name: 'BatchedEchoBot' });
    if (!(options.batchMs >= 0)) {
      throw new RangeError(`batchMs must be 0 or more, got ${options.batchMs}`);
    }
    this.#batchMs = options.batchMs;
    this.#headroomBatches =
      options.headroomBatches ?? DEFAULT_BATCHED_ECHO_BOT_OPTIONS.headroomBatches;
    this.#onCallerAudio = options.onCallerAudio;
  }

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (InputAudioRawFrame.is(frame)) {
      this.#onCallerAudio?.();
      if (frame.numChannels === 1) this.#echo(frame.audio, frame.sampleRate);
      return;
    }
    this.pushFrame(frame, direction);
  }

  #echo(audio: Int16Array, sampleRate: number): void {
    if (this.#batchMs === 0) {
      this.pushFrame(new TTSAudioRawFrame(audio, sampleRate));
      return;
    }
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
        this.#send(this.#batch);
        this.#batch = undefined;
        this.#filled = 0;
      }
    }
  }

  #send(batch: Int16Array): void {
    if (this.#primed) {
      this.pushFrame(new TTSAudioRawFrame(batch, this.#sampleRate));
      return;
    }
    this.#held.push(batch);
    if (this.#held.length <= this.#headroomBatches) return;
    this.#primed = true;
    for (const held of this.#held) this.pushFrame(new TTSAudioRawFrame(held, this.#sampleRate));
    this.#held = [];
  }
}
