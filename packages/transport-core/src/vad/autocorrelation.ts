import {
  growMemoryTo,
  instantiateEmbeddedWasm,
  type WebAssemblyMemory,
} from '../wasm/embedded-wasm.js';
import { AUTOCORRELATION_KERNEL_WASM_BASE64 } from './autocorrelation-kernel-wasm.js';

const FLOAT64_BYTES = 8;
/** Alignment of the kernel's output area, in bytes. */
const OUTPUT_ALIGNMENT_BYTES = 16;

/**
 * Sum of `samples[i] · samples[i + lag]` over the overlap, with four independent running sums
 * (index mod 4; the leftovers go to the first), added as `(sum0 + sum1) + (sum2 + sum3)`. This
 * order is the contract: the WebAssembly kernel makes exactly the same sums, bit for bit.
 */
export function crossProduct(samples: Float64Array, lag: number): number {
  const overlap = samples.length - lag;
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let index = 0;
  for (; index + 3 < overlap; index += 4) {
    sum0 += samples[index]! * samples[index + lag]!;
    sum1 += samples[index + 1]! * samples[index + 1 + lag]!;
    sum2 += samples[index + 2]! * samples[index + 2 + lag]!;
    sum3 += samples[index + 3]! * samples[index + 3 + lag]!;
  }
  for (; index < overlap; index++) sum0 += samples[index]! * samples[index + lag]!;
  return sum0 + sum1 + (sum2 + sum3);
}

/** Computes every lag's `crossProduct` from 1 to `lastLag`; the result's `[lag]` holds each. */
export interface CrossProductsKernel {
  /**
   * `crossProduct(samples, lag)` for lags 1 to `lastLag` (below `samples.length`), at index `lag`
   * of the returned array, which is only valid until the next call.
   */
  crossProducts(samples: Float64Array, lastLag: number): Float64Array;
}

type CrossProductsExport = (samples: number, length: number, lastLag: number, out: number) => void;

/** Plain JavaScript, for runtimes without WebAssembly SIMD. */
class JavaScriptCrossProducts implements CrossProductsKernel {
  #products = new Float64Array(0);

  crossProducts(samples: Float64Array, lastLag: number): Float64Array {
    if (this.#products.length < lastLag + 1) this.#products = new Float64Array(lastLag + 1);
    for (let lag = 1; lag <= lastLag; lag++) this.#products[lag] = crossProduct(samples, lag);
    return this.#products;
  }
}

/**
 * The WebAssembly SIMD kernel (autocorrelation-kernel.wat): two lags per pass, f64x2. One
 * instance serves every tracker in the thread; its memory is scratch reused by every call
 * (JavaScript is single-threaded, so calls never overlap): the samples, then the products.
 */
class WasmCrossProducts implements CrossProductsKernel {
  readonly #memory: WebAssemblyMemory;
  readonly #kernel: CrossProductsExport;
  #view: Float64Array;

  constructor(exports: Record<string, unknown>) {
    this.#memory = exports.memory as WebAssemblyMemory;
    this.#kernel = exports.crossProducts as CrossProductsExport;
    this.#view = new Float64Array(this.#memory.buffer);
  }

  crossProducts(samples: Float64Array, lastLag: number): Float64Array {
    const outputOffset = alignUp(samples.length * FLOAT64_BYTES);
    // the kernel works on lag pairs, so it may write one product past lastLag
    const outputValues = lastLag + 2;
    this.#ensureBytes(outputOffset + outputValues * FLOAT64_BYTES);
    this.#view.set(samples, 0);
    this.#kernel(0, samples.length, lastLag, outputOffset);
    const outputIndex = outputOffset / FLOAT64_BYTES;
    return this.#view.subarray(outputIndex, outputIndex + outputValues);
  }

  #ensureBytes(bytes: number): void {
    if (!growMemoryTo(this.#memory, bytes)) return;
    this.#view = new Float64Array(this.#memory.buffer);
  }
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / OUTPUT_ALIGNMENT_BYTES) * OUTPUT_ALIGNMENT_BYTES;
}

let wasmKernel: CrossProductsKernel | null | undefined;

/**
 * The WebAssembly SIMD kernel, compiled synchronously on first use; `undefined` when this runtime
 * has no WebAssembly or no SIMD (every Node.js ≥ 16.4 has both).
 */
export function wasmCrossProductsKernel(): CrossProductsKernel | undefined {
  if (wasmKernel === undefined) {
    const exports = instantiateEmbeddedWasm(AUTOCORRELATION_KERNEL_WASM_BASE64);
    wasmKernel = exports ? new WasmCrossProducts(exports) : null;
  }
  return wasmKernel ?? undefined;
}

/** A plain JavaScript kernel (one per caller: it keeps its own output array). */
export function javaScriptCrossProductsKernel(): CrossProductsKernel {
  return new JavaScriptCrossProducts();
}

/** The fastest kernel this runtime has: WebAssembly SIMD, else plain JavaScript. */
export function crossProductsKernel(): CrossProductsKernel {
  return wasmCrossProductsKernel() ?? javaScriptCrossProductsKernel();
}
