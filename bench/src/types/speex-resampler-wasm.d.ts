/** The parts of the Emscripten module of `@echogarden/speex-resampler-wasm` the bench uses. */
declare module '@echogarden/speex-resampler-wasm/simd' {
  export interface SpeexResamplerModule {
    HEAP16: Int16Array;
    HEAPU32: Uint32Array;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    _speex_resampler_init(
      channels: number,
      inputRate: number,
      outputRate: number,
      quality: number,
      errorPointer: number,
    ): number;
    _speex_resampler_process_int(
      state: number,
      channel: number,
      inputPointer: number,
      inputLengthPointer: number,
      outputPointer: number,
      outputLengthPointer: number,
    ): number;
    _speex_resampler_get_input_latency(state: number): number;
    _speex_resampler_skip_zeros(state: number): number;
    _speex_resampler_destroy(state: number): void;
  }
  const createSpeexResamplerModule: () => Promise<SpeexResamplerModule>;
  export default createSpeexResamplerModule;
}
