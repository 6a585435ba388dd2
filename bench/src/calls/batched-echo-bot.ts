import {
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  InterruptionFrame,
  SpeechOutputAudioRawFrame,
  VADUserStartedSpeakingFrame,
} from '@x/transport-core';

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
  readonly #headroomBatches: number;
  readonly #onCallerAudio: (() => void) | undefined;
  readonly #onCallerSpeechStarted: (() => void) | undefined;
  /** The latest batches sent (at most `headroomBatches + 1`), oldest first: replayed after an interruption. */
  #recent: Int16Array[] = [];
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
    if (InterruptionFrame.is(frame) && direction === 'downstream') this.#replyAgain();
  }

  #echo(audio: Int16Array, sampleRate: number): void {
    if (this.#batchMs === 0) {
      this.pushFrame(new SpeechOutputAudioRawFrame(audio, sampleRate));
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

  /** After an interruption: the latest batches again, so the output has its headroom back. */
  #replyAgain(): void {
    for (const batch of this.#recent) {
      this.pushFrame(new SpeechOutputAudioRawFrame(batch, this.#sampleRate));
    }
  }
}
