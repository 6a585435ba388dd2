import type { Frame, FrameDirection, FrameProcessor } from '@x/transport-core';
import type { TreeCore } from './tree-packages.js';

/** Options of one echo bot. */
export interface EchoBotOptions {
  /** Caller audio goes back in batches of this many milliseconds. */
  batchMs: number;
  /** Batches held back before the first one is sent. */
  headroomBatches: number;
  /** Called when the VAD's speech start reaches the bot (when the tree has the frame). */
  onSpeechStarted: () => void;
}

/** Makes one echo bot. */
export type EchoBotFactory = (options: EchoBotOptions) => FrameProcessor;

/**
 * The echo bot of `calls/batched-echo-bot.ts` (same batches, headroom and answer to an
 * interruption), built on a given tree's `FrameProcessor` and frames: the bench's own copy extends
 * this tree's classes, and a process measuring another tree must use that tree's. The class is
 * made once per tree (one shape for every call, as in the real benchmark). Without
 * `InterruptionFrame` in the tree, interruptions are passed on but not answered again.
 */
export function echoBotFactory(core: TreeCore): EchoBotFactory {
  const { FrameProcessor, InputAudioRawFrame, SpeechOutputAudioRawFrame } = core;
  const { InterruptionFrame, VADUserStartedSpeakingFrame } = core;

  class EchoBot extends FrameProcessor {
    readonly #batchMs: number;
    readonly #headroomBatches: number;
    readonly #onSpeechStarted: () => void;
    /** The latest batches sent (at most `headroomBatches + 1`), oldest first. */
    #recent: Int16Array[] = [];
    #batch: Int16Array | undefined;
    #filled = 0;
    #sampleRate = 0;
    #held: Int16Array[] = [];
    #primed = false;

    constructor(options: EchoBotOptions) {
      super();
      this.#batchMs = options.batchMs;
      this.#headroomBatches = options.headroomBatches;
      this.#onSpeechStarted = options.onSpeechStarted;
    }

    protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
      if (frame instanceof InputAudioRawFrame) {
        if (frame.numChannels === 1) this.#echo(frame.audio, frame.sampleRate);
        return;
      }
      if (VADUserStartedSpeakingFrame && frame instanceof VADUserStartedSpeakingFrame) {
        this.#onSpeechStarted();
      }
      this.pushFrame(frame, direction);
      if (InterruptionFrame && frame instanceof InterruptionFrame && direction === 'downstream') {
        this.#replyAgain();
      }
    }

    #echo(audio: Int16Array, sampleRate: number): void {
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
        this.#speak(batch);
        return;
      }
      this.#held.push(batch);
      if (this.#held.length <= this.#headroomBatches) return;
      this.#primed = true;
      for (const held of this.#held) this.#speak(held);
      this.#held = [];
    }

    #speak(batch: Int16Array): void {
      this.#recent.push(batch);
      if (this.#recent.length > this.#headroomBatches + 1) this.#recent.shift();
      this.pushFrame(new SpeechOutputAudioRawFrame(batch, this.#sampleRate));
    }

    #replyAgain(): void {
      for (const batch of this.#recent) {
        this.pushFrame(new SpeechOutputAudioRawFrame(batch, this.#sampleRate));
      }
    }
  }

  return (options) => new EchoBot(options);
}
