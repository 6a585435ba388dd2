import type { StreamResamplerOptions } from '@x/transport-core';

/** Options of `RNNoiseFilter`. */
export interface RNNoiseFilterOptions {
  /**
   * How the caller's audio is converted to RNNoise's 48 kHz and back (core's
   * `StreamResamplerOptions`; default: core's `STREAM_RESAMPLER_DEFAULTS`). A narrower passband
   * or a lower stopband attenuation shortens the resamplers' share of `latencyMs`.
   */
  resampler?: StreamResamplerOptions;
}
