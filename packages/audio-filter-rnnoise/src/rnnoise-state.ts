import {
  RNNOISE_FRAME_BYTES,
  RNNOISE_FRAME_SAMPLES,
  RNNOISE_WASM_PACKAGE,
  type RNNoiseWasm,
} from './rnnoise-wasm.js';

/** Largest and smallest int16 sample, the range RNNoise's floats are in. */
const INT16_MAX = 32_767;
const INT16_MIN = -32_768;

/**
 * One RNNoise denoiser state and its input and output frames, all in the shared WebAssembly
 * memory. Fill `input()` with up to one frame of samples, then `process` the frame.
 */
export class RNNoiseState {
  readonly #wasm: RNNoiseWasm;
  #state = 0;
  #inputPointer = 0;
  #outputPointer = 0;

  constructor(wasm: RNNoiseWasm) {
    this.#wasm = wasm;
    this.#state = wasm._rnnoise_create(0);
    this.#inputPointer = wasm._malloc(RNNOISE_FRAME_BYTES);
    this.#outputPointer = wasm._malloc(RNNOISE_FRAME_BYTES);
    if (this.#state === 0 || this.#inputPointer === 0 || this.#outputPointer === 0) {
      this.destroy();
      throw new Error(`${RNNOISE_WASM_PACKAGE} could not allocate a denoiser state`);
    }
  }

  /** Whether `destroy` was called. */
  get destroyed(): boolean {
    return this.#state === 0;
  }

  /**
   * Copies `samples` (int16 values) into the input frame from `offset`. The view of the memory is
   * taken afresh each time: another state's allocation may have grown (and so replaced) it.
   */
  writeInput(samples: Int16Array, offset: number): void {
    this.#wasm.HEAPF32.set(samples, (this.#inputPointer >> 2) + offset);
  }

  /**
   * Denoises the input frame and writes it, rounded and clamped to int16, into `output` (one
   * frame long). Returns RNNoise's voice probability for the frame (0 to 1).
   */
  process(output: Int16Array): number {
    const wasm = this.#wasm;
    const voiceProbability = wasm._rnnoise_process_frame(
      this.#state,
      this.#outputPointer,
      this.#inputPointer,
    );
    const heap = wasm.HEAPF32;
    const start = this.#outputPointer >> 2;
    for (let index = 0; index < RNNOISE_FRAME_SAMPLES; index++) {
      const sample = Math.round(heap[start + index]!);
      output[index] = Math.min(INT16_MAX, Math.max(INT16_MIN, sample));
    }
    return voiceProbability;
  }

  /** Frees the state and its frames; safe to call more than once. */
  destroy(): void {
    const wasm = this.#wasm;
    if (this.#state !== 0) wasm._rnnoise_destroy(this.#state);
    if (this.#inputPointer !== 0) wasm._free(this.#inputPointer);
    if (this.#outputPointer !== 0) wasm._free(this.#outputPointer);
    this.#state = 0;
    this.#inputPointer = 0;
    this.#outputPointer = 0;
  }
}
