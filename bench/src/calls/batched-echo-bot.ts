import {
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  InterruptionFrame,
  SpeechOutputAudioRawFrame,
  VADUserStartedSpeakingFrame,
} from '@x/transport-core';
import { EchoBatches } from '../support/echo-batches.js';

/** Options of `BatchedEchoBot`. */
export interface BatchedEchoBotOptions {
  /** Caller audio goes back in batches of this many milliseconds; 0 sends each frame back at once. */
  batchMs: number;
  /** Batches held back before the first one is sent, so late caller audio never starves the output. */
  headroomBatches?: number;
  /** Called for every caller audio frame that reaches the bot (for latency probes). */
  onCallerAudio?: () => void;
  /** Called when the VAD's speech start reaches the bot, right after the audio that caused it. */
  onCallerSpeechStarted?: () => void;
}

/** Defaults of `BatchedEchoBotOptions`. */
export const DEFAULT_BATCHED_ECHO_BOT_OPTIONS = Object.freeze({ headroomBatches: 1 });

/**
 * The benchmark's bot: plays the caller's audio back as bot speech, the way a TTS service hands
 * over audio: in batches, ahead of real time, so the output transport does the real-time pacing
 * of every chunk. The first batch waits for `headroomBatches` more, which keeps that much audio
 * queued in the transport for the whole call. Caller audio is consumed here.
 *
 * The echo is `SpeechOutputAudioRawFrame`: the transport counts the bot as speaking while echoed
 * speech plays (not during echoed silence), so a caller who talks over it interrupts it. On an
 * interruption the bot passes it on (the output drops its queue and sends a `clear`), then
 * answers at once with its last `headroomBatches + 1` batches again, as a new reply: the output
 * never runs dry, so the call keeps sending one chunk per chunk interval, like the bare echo.
 */
export class BatchedEchoBot extends FrameProcessor {
  readonly #batchMs: number;
  readonly #batches: EchoBatches;
  readonly #onCallerAudio: (() => void) | undefined;
  readonly #onCallerSpeechStarted: (() => void) | undefined;

  constructor(options: BatchedEchoBotOptions) {
    super({ name: 'BatchedEchoBot' });
    if (!(options.batchMs >= 0)) {
      throw new RangeError(`batchMs must be 0 or more, got ${options.batchMs}`);
    }
    this.#batchMs = options.batchMs;
    this.#batches = new EchoBatches(
      options.batchMs,
      options.headroomBatches ?? DEFAULT_BATCHED_ECHO_BOT_OPTIONS.headroomBatches,
      (batch, sampleRate) => this.pushFrame(new SpeechOutputAudioRawFrame(batch, sampleRate)),
    );
    this.#onCallerAudio = options.onCallerAudio;
    this.#onCallerSpeechStarted = options.onCallerSpeechStarted;
  }

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (InputAudioRawFrame.is(frame)) {
      this.#onCallerAudio?.();
      if (frame.numChannels === 1) this.#echo(frame.audio, frame.sampleRate);
      return;
    }
    if (VADUserStartedSpeakingFrame.is(frame)) this.#onCallerSpeechStarted?.();
    this.pushFrame(frame, direction);
    // after an interruption: the latest batches again, so the output has its headroom back
    if (InterruptionFrame.is(frame) && direction === 'downstream') this.#batches.replay();
  }

  #echo(audio: Int16Array, sampleRate: number): void {
    if (this.#batchMs === 0) {
      this.pushFrame(new SpeechOutputAudioRawFrame(audio, sampleRate));
      return;
    }
    this.#batches.add(audio, sampleRate);
  }
}
