import { describe, expect, it } from 'vitest';
import {
  crossProduct,
  javaScriptCrossProductsKernel,
  wasmCrossProductsKernel,
} from './autocorrelation.js';
import { AUTOCORRELATION_KERNEL_WASM_BASE64 } from './autocorrelation-kernel-wasm.js';
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { compileAutocorrelationKernel } from './build-autocorrelation-kernel.mjs';

/** `length` samples of a seeded pseudo-random voice-like signal (a few sines and noise). */
function signal(length: number, seed: number): Float64Array {
  const samples = new Float64Array(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    samples[index] =
      3000 * Math.sin(index * 0.31 + seed) + 900 * Math.sin(index * 1.7) + (state % 2001) - 1000;
  }
  return samples;
}

describe('autocorrelation cross products', () => {
  it('match what autocorrelation-kernel.wat compiles to (rerun build-autocorrelation-kernel.mjs if not)', async () => {
    const compiled = (await compileAutocorrelationKernel()) as Uint8Array;
    expect(Buffer.from(compiled).toString('base64')).toBe(AUTOCORRELATION_KERNEL_WASM_BASE64);
  });

  it('are the same, bit for bit, from the WebAssembly kernel as from crossProduct, for every length and lag', () => {
    const kernel = wasmCrossProductsKernel();
    expect(kernel).toBeDefined();
    const differing: string[] = [];
    for (let length = 2; length <= 140; length++) {
      const samples = signal(length, length);
      const lastLag = length - 1;
      const products = kernel!.crossProducts(samples, lastLag);
      for (let lag = 1; lag <= lastLag; lag++) {
        if (!Object.is(products[lag], crossProduct(samples, lag)))
          differing.push(`${length}/${lag}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('are the same from the plain JavaScript kernel', () => {
    const kernel = javaScriptCrossProductsKernel();
    const samples = signal(128, 7);
    const products = kernel.crossProducts(samples, 59);
    for (let lag = 1; lag <= 59; lag++) expect(products[lag]).toBe(crossProduct(samples, lag));
  });

  it('grow the kernel memory for windows longer than it holds', () => {
    const samples = signal(10_000, 3);
    const products = wasmCrossProductsKernel()!.crossProducts(samples, 5);
    expect(products[5]).toBe(crossProduct(samples, 5));
  });
});
