/** Rate RNNoise works at, in Hz. */
export const RNNOISE_SAMPLE_RATE = 48_000;

/** Samples RNNoise takes and gives per frame (10 ms at 48 kHz). */
export const RNNOISE_FRAME_SAMPLES = 480;

/** The npm package whose WebAssembly build of RNNoise this package runs, pinned. */
export const RNNOISE_WASM_PACKAGE = '@echogarden/rnnoise-wasm@0.2.0';

/** Bytes per `float` in the WebAssembly heap. */
const FLOAT32_BYTES = 4;

/** Bytes of one frame of floats in the WebAssembly heap. */
export const RNNOISE_FRAME_BYTES = RNNOISE_FRAME_SAMPLES * FLOAT32_BYTES;

/**
 * What this package uses of the Emscripten module of `@echogarden/rnnoise-wasm` (xiph RNNoise's C
 * API, `rnnoise.h`). Pointers are byte offsets into the module's memory.
 */
export interface RNNoiseWasm {
  /** `rnnoise_create(model)`: a new denoiser state; `0` selects the built-in model. */
  _rnnoise_create(model: number): number;
  /** `rnnoise_destroy(state)`: frees a state. */
  _rnnoise_destroy(state: number): void;
  /**
   * `rnnoise_process_frame(state, out, in)`: denoises one frame of `RNNOISE_FRAME_SAMPLES` floats
   * (int16 range) from `in` into `out`; returns the frame's voice probability (0 to 1).
   */
  _rnnoise_process_frame(state: number, output: number, input: number): number;
  /** `rnnoise_get_frame_size()`: samples per frame. */
  _rnnoise_get_frame_size(): number;
  /** `malloc(bytes)` in the module's memory: a pointer, 0 when out of memory. */
  _malloc(bytes: number): number;
  /** `free(pointer)`. */
  _free(pointer: number): void;
  /**
   * The module's memory as floats. The module's memory can grow (on `_malloc`), which replaces
   * this view: read it again after any allocation.
   */
  readonly HEAPF32: Float32Array;
}

const REQUIRED_FUNCTIONS = [
  '_rnnoise_create',
  '_rnnoise_destroy',
  '_rnnoise_process_frame',
  '_rnnoise_get_frame_size',
  '_malloc',
  '_free',
] as const;

let shared: Promise<RNNoiseWasm> | undefined;

/**
 * The process-wide RNNoise WebAssembly module: instantiated on the first call (about 126 kB of
 * code, read from the installed package; nothing is fetched) and shared by every filter, each of
 * which keeps its own denoiser state in it. A failed load is not cached: the next call tries again.
 */
export function sharedRNNoiseWasm(): Promise<RNNoiseWasm> {
  shared ??= instantiate().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

async function instantiate(): Promise<RNNoiseWasm> {
  const { default: createRNNoiseModule } = await import('@echogarden/rnnoise-wasm');
  const module = await createRNNoiseModule();
  assertRNNoiseWasm(module);
  const frameSamples = module._rnnoise_get_frame_size();
  if (frameSamples !== RNNOISE_FRAME_SAMPLES) {
    throw new Error(
      `${RNNOISE_WASM_PACKAGE} has RNNoise frames of ${frameSamples} samples, expected ${RNNOISE_FRAME_SAMPLES}`,
    );
  }
  return module;
}

function assertRNNoiseWasm(module: unknown): asserts module is RNNoiseWasm {
  const record = module as Record<string, unknown> | null;
  const missing: string[] = REQUIRED_FUNCTIONS.filter(
    (name) => typeof record?.[name] !== 'function',
  );
  if (!(record?.HEAPF32 instanceof Float32Array)) missing.push('HEAPF32');
  if (missing.length > 0) {
    throw new Error(
      `${RNNOISE_WASM_PACKAGE} did not give the expected module (missing ${missing.join(', ')})`,
    );
  }
}
