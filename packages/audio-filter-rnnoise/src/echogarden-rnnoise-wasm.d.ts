/**
 * `@echogarden/rnnoise-wasm` ships JavaScript without types: its default export is the
 * Emscripten factory (`MODULARIZE`, `EXPORT_ES6`) that instantiates `rnnoise.wasm` from the
 * package's own folder. `rnnoise-wasm.ts` checks the module it resolves to.
 */
declare module '@echogarden/rnnoise-wasm' {
  /** Instantiates a new copy of the WebAssembly module (its own memory). */
  const createRNNoiseModule: (moduleOverrides?: Record<string, unknown>) => Promise<unknown>;
  export default createRNNoiseModule;
}
