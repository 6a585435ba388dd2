/** Bytes in one page of WebAssembly memory. */
export const WASM_PAGE_BYTES = 65_536;

/** The slice of the WebAssembly API used here (its types come with the DOM lib, not Node's). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** A kernel's exported memory. */
export interface WebAssemblyMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/**
 * Compiles and instantiates an embedded kernel (its binary in base64) synchronously, without
 * imports; `undefined` when this runtime has no WebAssembly or cannot compile it (no SIMD).
 */
export function instantiateEmbeddedWasm(base64: string): Record<string, unknown> | undefined {
  try {
    const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    if (!api) return undefined;
    const module = new api.Module(decodeBase64(base64));
    return new api.Instance(module, {}).exports;
  } catch {
    return undefined;
  }
}

/** Grows `memory` by whole pages until it holds at least `bytes`; true when it grew. */
export function growMemoryTo(memory: WebAssemblyMemory, bytes: number): boolean {
  const missing = bytes - memory.buffer.byteLength;
  if (missing <= 0) return false;
  memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
  return true;
}

function decodeBase64(base64: string): Uint8Array {
  const text = atob(base64);
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}
