import { downmixToMono } from '../audio/channels.js';
import { bytesFromInt16 } from '../audio/pcm-bytes.js';
import { StreamResampler } from '../audio/resampler/stream-resampler.js';
import { RecordingTrack } from './recording-track.js';
import { streamingWavHeader } from './streaming-wav-header.js';

/** Receives the recording's bytes in order: the WAV header first, then interleaved PCM16. */
export type RecordingSink = (bytes: Uint8Array) => void;

/** Channels of the recording: the caller on the left, the bot on the right. */
const RECORDING_CHANNELS = 2;
const CALLER_CHANNEL = 0;
const BOT_CHANNEL = 1;
/** Longest block written at once, in frames (100 ms at 8 kHz): bounds the write buffer. */
const WRITE_BLOCK_FRAMES = 800;
const MS_PER_SECOND = 1000;

/** Settings of a `CallRecording`. */
export interface CallRecordingOptions {
  /** Where the WAV bytes go, as they are ready (e.g. `openWavFileSink(path).sink`). */
  sink: RecordingSink;
  /** Sample rate of the recording, in Hz; audio at other rates is resampled. Default 8000. */
  sampleRate?: number;
}

/** Default sample rate of a recording, in Hz: telephony audio. */
export const DEFAULT_RECORDING_SAMPLE_RATE = 8000;

/**
 * A stereo WAV recording of one call (caller left, bot right) on the call's timeline, streamed to
 * a sink: only audio that may still change (bot audio sent ahead of its play time) is held.
 *
 * Feed it clock readings: caller audio ends where it arrived; bot audio plays from when it was
 * sent, or after the bot audio already sent (the provider plays it in order); an interruption
 * cuts the bot audio not yet played (the provider discarded it). Silence fills every gap.
 */
export class CallRecording {
  /** Sample rate of the recording, in Hz. */
  readonly sampleRate: number;
  readonly #sink: RecordingSink;
  readonly #caller = new RecordingTrack();
  readonly #bot = new RecordingTrack();
  readonly #resamplers = new Map<string, StreamResampler>();
  #startMs: number | undefined;
  #writtenFrames = 0;
  #finished = false;

  /** @throws RangeError when `sampleRate` is not a positive integer. */
  constructor(options: CallRecordingOptions) {
    this.sampleRate = options.sampleRate ?? DEFAULT_RECORDING_SAMPLE_RATE;
    if (!Number.isInteger(this.sampleRate) || this.sampleRate <= 0) {
      throw new RangeError(
        `recording sample rate must be a positive integer in Hz, got ${this.sampleRate}`,
      );
    }
    this.#sink = options.sink;
  }

  /** Frames written to the sink so far (each frame: one caller and one bot sample). */
  get writtenFrames(): number {
    return this.#writtenFrames;
  }

  /** Frames held in memory, not yet written (both sides). */
  get pendingFrames(): number {
    return this.#caller.pendingFrames + this.#bot.pendingFrames;
  }

  /** True once `finish` has run: nothing more is recorded. */
  get finished(): boolean {
    return this.#finished;
  }

  /** Starts the timeline at `nowMs` and writes the header; the first audio does it otherwise. */
  start(nowMs: number): void {
    if (this.#startMs !== undefined || this.#finished) return;
    this.#startMs = nowMs;
    this.#sink(streamingWavHeader(this.sampleRate, RECORDING_CHANNELS));
  }

  /** Records caller audio that arrived at `nowMs` (it was spoken just before). */
  callerAudio(audio: Int16Array, sampleRate: number, numChannels: number, nowMs: number): void {
    if (!this.#accepts(nowMs)) return;
    const samples = this.#toRecordingRate('caller', audio, sampleRate, numChannels);
    this.#caller.place(samples, this.#frameAt(nowMs) - samples.length);
    this.#writeUntil(nowMs);
  }

  /** Records bot audio sent to the caller at `nowMs`: it plays then, or after what was sent before. */
  botAudio(audio: Int16Array, sampleRate: number, numChannels: number, nowMs: number): void {
    if (!this.#accepts(nowMs)) return;
    const samples = this.#toRecordingRate('bot', audio, sampleRate, numChannels);
    this.#bot.place(samples, this.#frameAt(nowMs));
    this.#writeUntil(nowMs);
  }

  /** The provider cleared its buffer at `nowMs`: bot audio not played by then was never heard. */
  interrupt(nowMs: number): void {
    if (!this.#accepts(nowMs)) return;
    this.#bot.cutFrom(this.#frameAt(nowMs));
    this.#writeUntil(nowMs);
  }

  /** Writes what is due by `nowMs` (call it now and then so silence is written as time passes). */
  advance(nowMs: number): void {
    if (!this.#accepts(nowMs)) return;
    this.#writeUntil(nowMs);
  }

  /** Ends the recording at `nowMs`: bot audio after it was never heard; writes the rest. Once. */
  finish(nowMs: number): void {
    if (!this.#accepts(nowMs)) return;
    const endFrame = this.#frameAt(nowMs);
    this.#bot.cutFrom(endFrame);
    this.#writeFrames(Math.max(endFrame, this.#caller.endFrame));
    this.#finished = true;
  }

  #accepts(nowMs: number): boolean {
    if (this.#finished) return false;
    this.start(nowMs);
    return true;
  }

  #frameAt(nowMs: number): number {
    return Math.round(((nowMs - this.#startMs!) * this.sampleRate) / MS_PER_SECOND);
  }

  #toRecordingRate(
    side: 'caller' | 'bot',
    audio: Int16Array,
    sampleRate: number,
    numChannels: number,
  ): Int16Array {
    // A copy: the sender may reuse its buffer (e.g. the output's silence chunk).
    const mono = numChannels === 1 ? audio.slice() : downmixToMono(audio, numChannels);
    if (sampleRate === this.sampleRate) return mono;
    const key = `${side}:${sampleRate}`;
    let resampler = this.#resamplers.get(key);
    if (!resampler) {
      resampler = new StreamResampler(sampleRate, this.sampleRate);
      this.#resamplers.set(key, resampler);
    }
    return resampler.process(mono);
  }

  /** Writes up to `nowMs`: audio before it can no longer move or be cut. */
  #writeUntil(nowMs: number): void {
    this.#writeFrames(this.#frameAt(nowMs));
  }

  #writeFrames(endFrame: number): void {
    while (this.#writtenFrames < endFrame) {
      const frames = Math.min(WRITE_BLOCK_FRAMES, endFrame - this.#writtenFrames);
      const block = new Int16Array(frames * RECORDING_CHANNELS);
      this.#caller.readInto(block, CALLER_CHANNEL, RECORDING_CHANNELS, frames);
      this.#bot.readInto(block, BOT_CHANNEL, RECORDING_CHANNELS, frames);
      this.#writtenFrames += frames;
      this.#sink(bytesFromInt16(block));
    }
  }
}
