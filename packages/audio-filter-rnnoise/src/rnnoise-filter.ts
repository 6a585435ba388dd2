import type { AudioInFilter, StreamResampler } from '@x/transport-core';
import { bufferingDelaySamples } from './buffering-delay.js';
import type { RNNoiseFilterOptions } from './rnnoise-filter-options.js';
import { assertMono, createRNNoiseResamplers } from './rnnoise-resamplers.js';
import { RNNoiseState } from './rnnoise-state.js';
import {
  RNNOISE_FRAME_SAMPLES,
  RNNOISE_SAMPLE_RATE,
  type RNNoiseWasm,
  sharedRNNoiseWasm,
} from './rnnoise-wasm.js';
import { SampleFifo } from './sample-fifo.js';

/**
 * RNNoise's own delay, in 48 kHz samples: each output frame is the overlap-add of the previous
 * and the current 10 ms frame's analysis windows, so it ends one frame behind its input.
 */
export const RNNOISE_DELAY_SAMPLES = RNNOISE_FRAME_SAMPLES;

const MILLISECONDS_PER_SECOND = 1000;

/** What the filter holds while it runs (between `start` and `stop`). */
interface Running {
  readonly sampleRate: number;
  readonly wasm: RNNoiseWasm;
  state: RNNoiseState;
  readonly up: StreamResampler;
  readonly down: StreamResampler;
  /** Samples the output lags the input by, at the caller's rate, besides RNNoise's own delay. */
  readonly bufferingDelay: number;
}

/**
 * Noise suppression for caller audio with [RNNoise](https://github.com/xiph/rnnoise), as a
 * transport's `audioInFilter`. Use one per call: it keeps the call's denoiser state (the
 * WebAssembly module itself is loaded once per process and shared).
 *
 * Each `filter` call converts the caller's audio to 48 kHz with core's `StreamResampler`, denoises
 * every whole 10 ms frame, converts back and returns exactly as many samples as it got, written
 * into the array it was given: the output is the filtered audio `latencyMs` late (zeros at first).
 */
export class RNNoiseFilter implements AudioInFilter {
  readonly #options: RNNoiseFilterOptions;
  #running: Running | undefined;
  #stopped = false;
  /** Samples of the current 48 kHz frame already in the state's input frame. */
  #frameFill = 0;
  /** The last denoised frame, at 48 kHz. */
  readonly #denoisedFrame = new Int16Array(RNNOISE_FRAME_SAMPLES);
  /** Denoised audio at the caller's rate, not yet returned. */
  readonly #output = new SampleFifo();
  #lastVoiceProbability = 0;

  constructor(options: RNNoiseFilterOptions = {}) {
    this.#options = options;
  }

  /**
   * Loads the shared RNNoise module (the first filter in the process) and makes this filter's
   * denoiser state.
   * @throws RangeError naming the value when `numChannels` is not 1 or core's resampler cannot
   *   convert `sampleRate` to and from 48 kHz; an Error after `stop`.
   */
  async start(sampleRate: number, numChannels: number): Promise<void> {
    this.#assertNotStopped('start');
    assertMono(numChannels);
    const resamplerOptions = this.#options.resampler ?? {};
    const { up, down } = createRNNoiseResamplers(sampleRate, resamplerOptions);
    const bufferingDelay = bufferingDelaySamples(sampleRate, resamplerOptions);
    const wasm = await sharedRNNoiseWasm();
    if (this.#stopped) return;
    this.#running?.state.destroy();
    this.#running = {
      sampleRate,
      wasm,
      state: new RNNoiseState(wasm),
      up,
      down,
      bufferingDelay,
    };
    this.#restart();
  }

  /**
   * Denoises `audio` (mono PCM16 at the rate given to `start`) and returns it, changed in place:
   * the same array, holding the denoised audio `latencyMs` earlier.
   * @throws Error before `start` has finished or after `stop`.
   */
  filter(audio: Int16Array): Int16Array {
    const running = this.#running;
    if (!running) {
      throw new Error(
        this.#stopped
          ? 'RNNoiseFilter.filter() was called after stop(): make a new filter for a new call'
          : 'RNNoiseFilter.filter() was called before start() finished',
      );
    }
    const upsampled = running.up.process(audio);
    let offset = 0;
    while (offset < upsampled.length) {
      const taken = Math.min(RNNOISE_FRAME_SAMPLES - this.#frameFill, upsampled.length - offset);
      running.state.writeInput(upsampled.subarray(offset, offset + taken), this.#frameFill);
      this.#frameFill += taken;
      offset += taken;
      if (this.#frameFill === RNNOISE_FRAME_SAMPLES) {
        this.#lastVoiceProbability = running.state.process(this.#denoisedFrame);
        this.#output.push(running.down.process(this.#denoisedFrame));
        this.#frameFill = 0;
      }
    }
    this.#output.shiftInto(audio);
    return audio;
  }

  /**
   * Forgets all audio heard so far, as a new filter would: a fresh denoiser state, fresh
   * resamplers and the initial zeros again. Does nothing before `start`.
   * @throws Error after `stop`.
   */
  reset(): void {
    this.#assertNotStopped('reset');
    const running = this.#running;
    if (!running) return;
    running.state.destroy();
    running.state = new RNNoiseState(running.wasm);
    this.#restart();
  }

  /** Frees the denoiser state. Later `filter` and `reset` calls throw; calling `stop` again does nothing. */
  stop(): void {
    this.#stopped = true;
    this.#running?.state.destroy();
    this.#running = undefined;
    this.#output.clear();
  }

  /**
   * How late the output is behind the input, in milliseconds (constant for the call): the
   * samples held for the resamplers and whole frames, plus RNNoise's own 10 ms. `undefined` until
   * `start` has finished.
   */
  get latencyMs(): number | undefined {
    const running = this.#running;
    if (!running) return undefined;
    const heldMs = (running.bufferingDelay / running.sampleRate) * MILLISECONDS_PER_SECOND;
    return heldMs + (RNNOISE_DELAY_SAMPLES / RNNOISE_SAMPLE_RATE) * MILLISECONDS_PER_SECOND;
  }

  /**
   * RNNoise's voice-activity probability (0 to 1) for the last 10 ms frame it denoised, the
   * frame that ended at most one frame plus the resampler's look-ahead before the end of the last
   * `filter` call's audio; 0 before the first frame and after `reset`.
   */
  get lastVoiceProbability(): number {
    return this.#lastVoiceProbability;
  }

  /** Empties the pipeline and queues the initial zeros (after `start` or `reset`). */
  #restart(): void {
    const running = this.#running!;
    running.up.reset();
    running.down.reset();
    this.#frameFill = 0;
    this.#lastVoiceProbability = 0;
    this.#output.clear();
    this.#output.pushZeros(running.bufferingDelay);
  }

  #assertNotStopped(method: string): void {
    if (this.#stopped) {
      throw new Error(
        `RNNoiseFilter.${method}() was called after stop(): make a new filter for a new call`,
      );
    }
  }
}
