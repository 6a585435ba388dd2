import { rms } from '@x/transport-core';

/** Options of `UtteranceRecorder`. */
export interface UtteranceRecorderOptions {
  /** Samples per second of the audio written, in Hz. */
  sampleRate: number;
  /** Audio kept from just before speech was confirmed, in milliseconds (VAD starts late). */
  preRollMs?: number;
  /** Longest utterance kept, in seconds; audio past it is dropped. */
  maxUtteranceSecs?: number;
}

/** Defaults of `UtteranceRecorderOptions`. */
export const DEFAULT_UTTERANCE_RECORDER_OPTIONS = Object.freeze({
  /**
   * The VAD confirms speech `startSecs` (0.2 s) after it began only when no window in between
   * disagrees; one that does sends it back to quiet and the count starts over, so a start can be
   * confirmed 0.45 s after the first word (the speech fixture, at one 20 ms frame phase in eight).
   * 0.8 s covers two such restarts.
   */
  preRollMs: 800,
  maxUtteranceSecs: 20,
});

/**
 * Records what the caller says. Every input chunk goes through `write`; a small ring keeps the
 * last `preRollMs`, so when the VAD confirms speech (`start`, at least `startSecs` after it began)
 * the utterance begins with the words already spoken. Memory is bounded by `maxUtteranceSecs`.
 */
export class UtteranceRecorder {
  readonly sampleRate: number;
  readonly #ring: Int16Array;
  #ringWriteIndex = 0;
  #ringFilled = 0;
  readonly #maxSamples: number;
  #chunks: Int16Array[] = [];
  #recordedSamples = 0;
  #recording = false;

  constructor(options: UtteranceRecorderOptions) {
    const { sampleRate } = options;
    if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
      throw new RangeError(`sample rate must be a positive integer, got ${sampleRate}`);
    }
    const preRollMs = options.preRollMs ?? DEFAULT_UTTERANCE_RECORDER_OPTIONS.preRollMs;
    const maxSecs = options.maxUtteranceSecs ?? DEFAULT_UTTERANCE_RECORDER_OPTIONS.maxUtteranceSecs;
    this.sampleRate = sampleRate;
    this.#ring = new Int16Array(Math.max(1, Math.round((preRollMs * sampleRate) / 1000)));
    this.#maxSamples = Math.round(maxSecs * sampleRate);
  }

  /** True between `start` and `finish` / `discard`. */
  get recording(): boolean {
    return this.#recording;
  }

  /** Samples recorded in the current utterance (pre-roll included). */
  get recordedSamples(): number {
    return this.#recordedSamples;
  }

  /** Takes the next chunk of caller audio (mono, `sampleRate`). */
  write(audio: Int16Array): void {
    if (this.#recording) this.#append(audio);
    this.#writeRing(audio);
  }

  /** Starts an utterance with the pre-roll audio. Restarting drops the utterance in progress. */
  start(): void {
    this.#chunks = [];
    this.#recordedSamples = 0;
    this.#recording = true;
    this.#append(this.#preRoll());
  }

  /** Ends the utterance and returns it, or `undefined` when nothing was recorded. */
  finish(): Int16Array | undefined {
    if (!this.#recording) return undefined;
    this.#recording = false;
    const utterance = new Int16Array(this.#recordedSamples);
    let offset = 0;
    for (const chunk of this.#chunks) {
      utterance.set(chunk, offset);
      offset += chunk.length;
    }
    this.#chunks = [];
    this.#recordedSamples = 0;
    return utterance.length > 0 ? utterance : undefined;
  }

  /** Drops the utterance in progress. */
  discard(): void {
    this.#recording = false;
    this.#chunks = [];
    this.#recordedSamples = 0;
  }

  #append(audio: Int16Array): void {
    const room = this.#maxSamples - this.#recordedSamples;
    if (room <= 0 || audio.length === 0) return;
    const kept = audio.length <= room ? audio.slice() : audio.slice(0, room);
    this.#chunks.push(kept);
    this.#recordedSamples += kept.length;
  }

  #writeRing(audio: Int16Array): void {
    const ring = this.#ring;
    const source = audio.length > ring.length ? audio.subarray(audio.length - ring.length) : audio;
    const firstPart = Math.min(source.length, ring.length - this.#ringWriteIndex);
    ring.set(source.subarray(0, firstPart), this.#ringWriteIndex);
    ring.set(source.subarray(firstPart), 0);
    this.#ringWriteIndex = (this.#ringWriteIndex + source.length) % ring.length;
    this.#ringFilled = Math.min(ring.length, this.#ringFilled + source.length);
  }

  /** The last `preRollMs` of audio, oldest first. */
  #preRoll(): Int16Array {
    const ring = this.#ring;
    const filled = this.#ringFilled;
    const start = (this.#ringWriteIndex - filled + ring.length) % ring.length;
    const preRoll = new Int16Array(filled);
    const firstPart = Math.min(filled, ring.length - start);
    preRoll.set(ring.subarray(start, start + firstPart), 0);
    preRoll.set(ring.subarray(0, filled - firstPart), firstPart);
    return preRoll;
  }
}

/** Analysis window of `trimTrailingQuiet`, in milliseconds. */
const TRIM_WINDOW_MS = 20;
/** A window quieter than this fraction of the loudest window's RMS counts as quiet (−26 dB). */
const QUIET_FRACTION_OF_PEAK = 0.05;

/**
 * Cuts the quiet tail the VAD waited through before confirming the end of speech, keeping
 * `keepMs` after the last window that is not quiet. Returns a view of `audio`.
 */
export function trimTrailingQuiet(
  audio: Int16Array,
  sampleRate: number,
  keepMs: number,
): Int16Array {
  const windowSamples = Math.max(1, Math.round((TRIM_WINDOW_MS * sampleRate) / 1000));
  const windowCount = Math.floor(audio.length / windowSamples);
  if (windowCount === 0) return audio;
  let peak = 0;
  const levels = new Float64Array(windowCount);
  for (let window = 0; window < windowCount; window++) {
    const start = window * windowSamples;
    levels[window] = rms(audio.subarray(start, start + windowSamples));
    if (levels[window]! > peak) peak = levels[window]!;
  }
  const quietBelow = peak * QUIET_FRACTION_OF_PEAK;
  let lastLoudWindow = windowCount - 1;
  while (lastLoudWindow > 0 && levels[lastLoudWindow]! <= quietBelow) lastLoudWindow--;
  const end = (lastLoudWindow + 1) * windowSamples + Math.round((keepMs * sampleRate) / 1000);
  return end >= audio.length ? audio : audio.subarray(0, end);
}
