import { levelDbfs } from '../audio/index.js';
import type { TelephonyTone } from './tones/telephony-tone.js';
import {
  TELEPHONY_TONE_MIN_SAMPLE_RATE_HZ,
  TelephonyToneDetector,
} from './tones/telephony-tone-detector.js';
import { resolveVADParams, type VADParams } from './vad-params.js';

/**
 * Where the analyzer is in a caller's turn:
 * `quiet` → (speech seen) `starting` → (speech for `startSecs`) `speaking` → (no speech seen)
 * `stopping` → (no speech for `stopSecs`) `quiet`. `starting` falls back to `quiet`, and
 * `stopping` back to `speaking`, as soon as one window disagrees.
 */
export type VADState = 'quiet' | 'starting' | 'speaking' | 'stopping';

/** Named values of `VADState`, for readers coming from Pipecat. */
export const VADState = Object.freeze({
  Quiet: 'quiet',
  Starting: 'starting',
  Speaking: 'speaking',
  Stopping: 'stopping',
} as const satisfies Record<string, VADState>);

/** A confirmed change: speech `started` (after `startSecs`) or `stopped` (after `stopSecs`). */
export type VADTransition = 'started' | 'stopped';

/** What one `analyzeAudio` call found. */
export interface VADAnalysis {
  /** The state after the last complete window. */
  readonly state: VADState;
  /** Confirmed starts and stops, in the order they happened within the audio. */
  readonly transitions: readonly VADTransition[];
}

/** Window levels are clamped to this floor, in dBFS, so digital silence has a finite level. */
const LEVEL_FLOOR_DBFS = -110;
/** The level that maps to volume 1, in dBFS (Pipecat's loudness scale ends at −10). */
const LEVEL_CEILING_DBFS = -10;
/** How much of the gap a falling volume closes per window (Pipecat's smoothing factor). */
const VOLUME_RELEASE_FACTOR = 0.2;

const NO_TRANSITIONS: readonly VADTransition[] = Object.freeze([]);

/** Rates probed to tell users which ones an engine supports, in Hz. */
export const COMMON_SAMPLE_RATES_HZ: readonly number[] = Object.freeze([
  8000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000,
]);

/**
 * Shortest stretch of audio telephony tones are recognised over, in ms: windows shorter than this
 * are checked together with the audio just before them, so that two close frequencies (ringback's
 * 440 + 480 Hz beat every 25 ms) can be told from a voice.
 */
const TONE_SPAN_MS = 32;

/**
 * Base of voice activity detectors. An engine supplies its window size and a per-window voice
 * confidence; the base cuts audio into windows, tracks volume and runs the speech state machine.
 *
 * A window dominated by a telephony tone (DTMF key, dial, ringback, busy, SIT, fax CNG / CED;
 * see `TelephonyToneDetector`) never counts as speech, whatever the engine says, unless
 * `rejectTelephonyTones` is off; speech over a tone still counts. The engine still sees every
 * window in order (engines with recurrent state need them all); only its verdict is overridden.
 *
 * Unlike Pipecat's analyzer, promotions (`starting` → `speaking`, `stopping` → `quiet`) are checked
 * after every window, so a confirmation never waits for the end of a large batch; volume is
 * measured per window from the first one (no 400 ms warm-up); changing params keeps the state, so
 * a caller mid-sentence stays speaking.
 *
 * One analyzer serves one call (it keeps state). Call `analyzeAudio` one call at a time.
 *
 * ```ts
 * class MyVAD extends VADAnalyzer {
 *   protected windowSamplesFor(sampleRate: number) { return sampleRate * 0.032; }
 *   protected voiceConfidence(window: Int16Array) { return myModel(window); }
 * }
 * ```
 */
export abstract class VADAnalyzer {
  #params: VADParams;
  #sampleRate = 0;
  #windowSamples = 0;
  #startWindows = 1;
  #stopWindows = 1;
  #state: VADState = 'quiet';
  #startCount = 0;
  #stopCount = 0;
  #volume: number | undefined;
  #pending = new Int16Array(0);
  #pendingLength = 0;
  #busy = false;
  #toneDetector: TelephonyToneDetector | undefined;
  /** The latest `TONE_SPAN_MS` of audio when windows are shorter than that (oldest first). */
  #toneSpan: Int16Array | undefined;
  /** What tones are measured on for the window being analysed (valid during one loop step). */
  #window: Int16Array | undefined;
  #windowTone: TelephonyTone | undefined;
  #windowToneMeasured = false;

  constructor(params: Partial<VADParams> = {}) {
    this.#params = resolveVADParams(params);
  }

  /** The thresholds in use. */
  get params(): Readonly<VADParams> {
    return this.#params;
  }

  /** Samples per second of the analysed audio; 0 until `setSampleRate`. */
  get sampleRate(): number {
    return this.#sampleRate;
  }

  /** Samples per analysis window at the current rate. */
  get windowSamples(): number {
    return this.#windowSamples;
  }

  /** The current state. */
  get state(): VADState {
    return this.#state;
  }

  /** Smoothed volume of the latest windows (0–1); 0 before any audio. */
  get volume(): number {
    return this.#volume ?? 0;
  }

  /**
   * Whether this analyzer can analyse audio at `sampleRate` (a positive integer, in Hz), so a
   * transport can pick the rate to analyse at before calling `setSampleRate`.
   */
  canAnalyzeSampleRate(sampleRate: number): boolean {
    return Number.isInteger(sampleRate) && sampleRate > 0 && this.supportsSampleRate(sampleRate);
  }

  /** The common rates (`COMMON_SAMPLE_RATES_HZ`) this analyzer can analyse, in Hz, ascending. */
  supportedCommonSampleRates(): number[] {
    return COMMON_SAMPLE_RATES_HZ.filter((rate) => this.canAnalyzeSampleRate(rate));
  }

  /**
   * Sets the rate of the audio to analyse; resets the analyzer when it changes.
   * @throws RangeError naming the rate and the common rates the engine supports.
   */
  setSampleRate(sampleRate: number): void {
    if (sampleRate === this.#sampleRate) return;
    if (!this.canAnalyzeSampleRate(sampleRate)) {
      throw new RangeError(
        `${this.constructor.name} does not support a sample rate of ${sampleRate} Hz; ${describeSupportedSampleRates(this)}`,
      );
    }
    this.#sampleRate = sampleRate;
    this.#windowSamples = this.windowSamplesFor(sampleRate);
    this.#pending = new Int16Array(this.#windowSamples);
    const toneSpanSamples = Math.max(
      this.#windowSamples,
      Math.round((sampleRate * TONE_SPAN_MS) / 1000),
    );
    this.#toneSpan =
      toneSpanSamples > this.#windowSamples ? new Int16Array(toneSpanSamples) : undefined;
    this.#toneDetector =
      sampleRate >= TELEPHONY_TONE_MIN_SAMPLE_RATE_HZ
        ? new TelephonyToneDetector(sampleRate, toneSpanSamples)
        : undefined;
    this.#updateWindowCounts();
    this.reset();
  }

  /**
   * Changes thresholds. The state is kept (a caller mid-sentence stays speaking); counts in
   * progress carry over and are checked against the new durations at the next window.
   * @throws RangeError naming a parameter that is out of range.
   */
  setParams(params: Partial<VADParams>): void {
    this.#params = resolveVADParams({ ...this.#params, ...params });
    this.#updateWindowCounts();
  }

  /** Back to `quiet`, forgetting buffered audio, volume and the engine's state. */
  reset(): void {
    this.#state = 'quiet';
    this.#startCount = 0;
    this.#stopCount = 0;
    this.#volume = undefined;
    this.#pendingLength = 0;
    this.#toneSpan?.fill(0);
    this.resetEngine();
  }

  /**
   * Analyses the next audio of the stream (mono PCM16 at `sampleRate`). Audio that does not fill a
   * window waits for the next call.
   * @throws Error when called before `setSampleRate` or while a previous call is still running.
   */
  async analyzeAudio(audio: Int16Array): Promise<VADAnalysis> {
    return this.analyze(audio);
  }

  /**
   * `analyzeAudio` without a promise when the engine answers synchronously (the core energy
   * engine always does): the analysis itself, or a promise of it once an engine answered with
   * one. For hot paths that handle many calls' audio every 20 ms; the same rules apply.
   * @throws Error when called before `setSampleRate` or while a previous call is still running.
   */
  analyze(audio: Int16Array): VADAnalysis | Promise<VADAnalysis> {
    const windowSamples = this.#windowSamples;
    if (windowSamples === 0) {
      throw new Error(`${this.constructor.name}: call setSampleRate before analyzeAudio`);
    }
    if (this.#busy) {
      throw new Error(
        `${this.constructor.name}: analyzeAudio called while a previous call is still running; await each call`,
      );
    }
    this.#busy = true;
    return this.#analyzeFrom(audio, 0, undefined);
  }

  /**
   * Analyses `audio` from `offset` on; goes asynchronous only from the first window whose
   * confidence is a promise. Clears `#busy` when done, however it ends.
   */
  #analyzeFrom(
    audio: Int16Array,
    start: number,
    found: VADTransition[] | undefined,
  ): VADAnalysis | Promise<VADAnalysis> {
    let transitions = found;
    let offset = start;
    try {
      const windowSamples = this.#windowSamples;
      while (offset < audio.length) {
        let window: Int16Array;
        if (this.#pendingLength === 0 && audio.length - offset >= windowSamples) {
          window = audio.subarray(offset, offset + windowSamples);
          offset += windowSamples;
        } else {
          const taken = Math.min(windowSamples - this.#pendingLength, audio.length - offset);
          this.#pending.set(audio.subarray(offset, offset + taken), this.#pendingLength);
          this.#pendingLength += taken;
          offset += taken;
          if (this.#pendingLength < windowSamples) break;
          this.#pendingLength = 0;
          window = this.#pending;
        }
        const level = Math.max(LEVEL_FLOOR_DBFS, levelDbfs(window));
        this.#window = this.#toneSpanWith(window);
        this.#windowToneMeasured = false;
        const confidence = this.voiceConfidence(window, level);
        if (typeof confidence !== 'number') {
          return this.#continueAfter(confidence, level, audio, offset, transitions);
        }
        transitions = this.#record(confidence, level, transitions);
      }
    } catch (error) {
      this.#window = undefined;
      this.#busy = false;
      throw error;
    }
    this.#window = undefined;
    this.#busy = false;
    return { state: this.#state, transitions: transitions ?? NO_TRANSITIONS };
  }

  /** Waits for one window's confidence, then goes on with the rest of the audio. */
  async #continueAfter(
    confidence: Promise<number>,
    level: number,
    audio: Int16Array,
    offset: number,
    found: VADTransition[] | undefined,
  ): Promise<VADAnalysis> {
    let transitions = found;
    try {
      transitions = this.#record(await confidence, level, transitions);
    } catch (error) {
      this.#window = undefined;
      this.#busy = false;
      throw error;
    }
    return this.#analyzeFrom(audio, offset, transitions);
  }

  /** Steps the state machine with one window's confidence; adds its transition, if any. */
  #record(
    confidence: number,
    level: number,
    found: VADTransition[] | undefined,
  ): VADTransition[] | undefined {
    const transition = this.#step(this.#isSpeech(confidence, this.#updateVolume(level)));
    if (!transition) return found;
    const transitions = found ?? [];
    transitions.push(transition);
    return transitions;
  }

  /** Whether the engine can analyse audio at `sampleRate`. */
  protected abstract supportsSampleRate(sampleRate: number): boolean;

  /** Samples per analysis window at `sampleRate` (a positive integer). */
  protected abstract windowSamplesFor(sampleRate: number): number;

  /**
   * Probability (0–1) that `window` contains speech. `window` is only valid during the call (copy
   * what you keep); `levelDbfs` is its RMS level, already computed.
   */
  protected abstract voiceConfidence(
    window: Int16Array,
    levelDbfs: number,
  ): number | Promise<number>;

  /** Forgets the engine's state (called by `reset` and on a sample rate change). */
  protected resetEngine(): void {}

  /**
   * The telephony tone that dominates the window being analysed (with the audio just before it,
   * to make 32 ms, when windows are shorter), or `undefined`: no tone, speech over a tone,
   * `rejectTelephonyTones` off, a rate below 8 kHz, or no window being analysed.
   * Engines may call it from `voiceConfidence` (e.g. not to carry a tone's score into the next
   * window); it is measured at most once per window, and only when asked.
   */
  protected telephonyToneInWindow(): TelephonyTone | undefined {
    if (!this.#windowToneMeasured) {
      this.#windowToneMeasured = true;
      const window = this.#window;
      this.#windowTone =
        window !== undefined &&
        this.#toneDetector !== undefined &&
        this.#params.rejectTelephonyTones !== false
          ? this.#toneDetector.detect(window)
          : undefined;
    }
    return this.#windowTone;
  }

  /** The audio tones are measured on: the window, or the tone span ending with it. */
  #toneSpanWith(window: Int16Array): Int16Array {
    const span = this.#toneSpan;
    if (span === undefined) return window;
    span.copyWithin(0, window.length);
    span.set(window, span.length - window.length);
    return span;
  }

  /**
   * Whether the window counts as speech: confident and loud enough, and not a telephony tone
   * (measured only for windows that would otherwise count, so silence and quiet noise cost
   * nothing).
   */
  #isSpeech(confidence: number, volume: number): boolean {
    if (confidence < this.#params.confidence || volume < this.#params.minVolume) return false;
    return this.telephonyToneInWindow() === undefined;
  }

  #updateWindowCounts(): void {
    if (this.#sampleRate === 0) return;
    const windowSecs = this.#windowSamples / this.#sampleRate;
    this.#startWindows = Math.max(1, Math.round(this.#params.startSecs / windowSecs));
    this.#stopWindows = Math.max(1, Math.round(this.#params.stopSecs / windowSecs));
  }

  /** Volume rises at once with the level and falls smoothly, so a short dip does not count. */
  #updateVolume(level: number): number {
    const instant = Math.min(
      1,
      (level - LEVEL_FLOOR_DBFS) / (LEVEL_CEILING_DBFS - LEVEL_FLOOR_DBFS),
    );
    const previous = this.#volume;
    const volume =
      previous === undefined || instant >= previous
        ? instant
        : previous + VOLUME_RELEASE_FACTOR * (instant - previous);
    this.#volume = volume;
    return volume;
  }

  #step(speech: boolean): VADTransition | undefined {
    switch (this.#state) {
      case 'quiet':
        if (speech) {
          this.#state = 'starting';
          this.#startCount = 1;
        }
        break;
      case 'starting':
        if (speech) this.#startCount++;
        else {
          this.#state = 'quiet';
          this.#startCount = 0;
        }
        break;
      case 'speaking':
        if (!speech) {
          this.#state = 'stopping';
          this.#stopCount = 1;
        }
        break;
      case 'stopping':
        if (speech) {
          this.#state = 'speaking';
          this.#stopCount = 0;
        } else this.#stopCount++;
        break;
    }
    if (this.#state === 'starting' && this.#startCount >= this.#startWindows) {
      this.#state = 'speaking';
      this.#startCount = 0;
      return 'started';
    }
    if (this.#state === 'stopping' && this.#stopCount >= this.#stopWindows) {
      this.#state = 'quiet';
      this.#stopCount = 0;
      return 'stopped';
    }
    return undefined;
  }
}

/**
 * Which common rates `analyzer` supports, for error messages: `it supports 8000, 16000 Hz` (or
 * that it supports none of them).
 */
export function describeSupportedSampleRates(analyzer: VADAnalyzer): string {
  const supported = analyzer.supportedCommonSampleRates();
  return supported.length > 0
    ? `it supports ${supported.join(', ')} Hz`
    : `it supports none of the common rates (${COMMON_SAMPLE_RATES_HZ.join(', ')} Hz)`;
}
