import type { Frame, FrameDirection, FrameProcessor } from '@x/transport-core';
import { EchoBatches } from '../support/echo-batches.js';
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
 * The echo bot of `calls/batched-echo-bot.ts` (the same `EchoBatches`: batches, headroom and
 * answer to an interruption), built on a given tree's `FrameProcessor` and frames: that bot
 * extends this tree's classes, and a process measuring another tree must use that tree's. The class is
 * made once per tree (one shape for every call, as in the real benchmark). Without
 * `InterruptionFrame` in the tree, interruptions are passed on but not answered again.
 */
export function echoBotFactory(core: TreeCore): EchoBotFactory {
  const { FrameProcessor, InputAudioRawFrame, SpeechOutputAudioRawFrame } = core;
  const { InterruptionFrame, VADUserStartedSpeakingFrame } = core;

  class EchoBot extends FrameProcessor {
    readonly #batches: EchoBatches;
    readonly #onSpeechStarted: () => void;

    constructor(options: EchoBotOptions) {
      super();
      this.#batches = new EchoBatches(
        options.batchMs,
        options.headroomBatches,
        (batch, sampleRate) => this.pushFrame(new SpeechOutputAudioRawFrame(batch, sampleRate)),
      );
      this.#onSpeechStarted = options.onSpeechStarted;
    }

    protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
      if (frame instanceof InputAudioRawFrame) {
        if (frame.numChannels === 1) this.#batches.add(frame.audio, frame.sampleRate);
        return;
      }
      if (VADUserStartedSpeakingFrame && frame instanceof VADUserStartedSpeakingFrame) {
        this.#onSpeechStarted();
      }
      this.pushFrame(frame, direction);
      if (InterruptionFrame && frame instanceof InterruptionFrame && direction === 'downstream') {
        this.#batches.replay();
      }
    }
  }

  return (options) => new EchoBot(options);
}
