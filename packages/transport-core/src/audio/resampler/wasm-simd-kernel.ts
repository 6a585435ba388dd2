import {
  growMemoryTo,
  instantiateEmbeddedWasm,
  type WebAssemblyMemory,
} from '../../wasm/embedded-wasm.js';
import type { PolyphaseFilter } from './kaiser-filter.js';
import type { PolyphaseKernel } from './polyphase-kernel.js';
import { POLYPHASE_KERNEL_WASM_BASE64 } from './polyphase-kernel-wasm.js';

const FLOAT32_BYTES = 4;
const INT16_BYTES = 2;
const SIMD_ALIGNMENT_BYTES = 16;

type ConvolveExport = (
  window: number,
  coefficients: number,
  taps: number,
  upFactor: number,
  wholeStep: number,
  phaseStep: number,
  phase: number,
  count: number,
  output: number,
) => void;

function alignUp(bytes: number): number {
  return Math.ceil(bytes / SIMD_ALIGNMENT_BYTES) * SIMD_ALIGNMENT_BYTES;
}

/**
 * The WebAssembly SIMD kernel (polyphase-kernel.wat): single precision, eight products per loop
 * turn. One module instance serves every resampler in the thread. Its memory holds each filter's
 * coefficients (written once, kept for the life of the process, like the filter cache) and, above
 * them, a scratch area reused by every call (JavaScript is single-threaded, so calls never
 * overlap); resamplers keep no memory of their own in it, so nothing needs freeing.
 */
class WasmSimdKernel implements PolyphaseKernel {
  readonly name = 'wasm-simd';
  readonly #memory: WebAssemblyMemory;
  readonly #convolve: ConvolveExport;
  readonly #coefficientOffsets = new WeakMap<PolyphaseFilter, number>();
  #coefficientsEnd = 0;
  #float32View: Float32Array;
  #int16View: Int16Array;

  constructor(exports: Record<string, unknown>) {
    this.#memory = exports.memory as WebAssemblyMemory;
    this.#convolve = exports.convolve as ConvolveExport;
    this.#float32View = new Float32Array(this.#memory.buffer);
    this.#int16View = new Int16Array(this.#memory.buffer);
  }

  convolve(filter: PolyphaseFilter, input: Float32Array, phase: number, output: Int16Array): void {
    const coefficientsOffset = this.#coefficientsOffsetOf(filter);
    const inputOffset = alignUp(this.#coefficientsEnd);
    const outputOffset = alignUp(inputOffset + input.length * FLOAT32_BYTES);
    this.#ensureBytes(outputOffset + output.length * INT16_BYTES);
    this.#float32View.set(input, inputOffset / FLOAT32_BYTES);
    this.#convolve(
      inputOffset,
      coefficientsOffset,
      filter.tapsPerPhase,
      filter.upFactor,
      Math.floor(filter.downFactor / filter.upFactor),
      filter.downFactor % filter.upFactor,
      phase,
      output.length,
      outputOffset,
    );
    const outputIndex = outputOffset / INT16_BYTES;
    output.set(this.#int16View.subarray(outputIndex, outputIndex + output.length));
  }

  #coefficientsOffsetOf(filter: PolyphaseFilter): number {
    const known = this.#coefficientOffsets.get(filter);
    if (known !== undefined) return known;
    const offset = alignUp(this.#coefficientsEnd);
    this.#ensureBytes(offset + filter.coefficients.length * FLOAT32_BYTES);
    this.#float32View.set(filter.coefficients, offset / FLOAT32_BYTES);
    this.#coefficientsEnd = offset + filter.coefficients.length * FLOAT32_BYTES;
    this.#coefficientOffsets.set(filter, offset);
    return offset;
  }

  #ensureBytes(bytes: number): void {
    if (!growMemoryTo(this.#memory, bytes)) return;
    this.#float32View = new Float32Array(this.#memory.buffer);
    this.#int16View = new Int16Array(this.#memory.buffer);
  }
}

let loaded: WasmSimdKernel | null | undefined;

/**
 * The WebAssembly SIMD kernel, compiled synchronously on first use; `undefined` when this runtime
 * has no WebAssembly or no SIMD (every Node.js ≥ 16.4 has both).
 */
export function wasmSimdKernel(): PolyphaseKernel | undefined {
  if (loaded === undefined) {
    const exports = instantiateEmbeddedWasm(POLYPHASE_KERNEL_WASM_BASE64);
    loaded = exports ? new WasmSimdKernel(exports) : null;
  }
  return loaded ?? undefined;
}
