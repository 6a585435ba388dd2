import { StreamResampler, type StreamResamplerOptions } from '@x/transport-core';
import { RNNOISE_SAMPLE_RATE } from './rnnoise-wasm.js';

/** The two converters between the caller's rate and RNNoise's 48 kHz, for one call. */
export interface RNNoiseResamplers {
  /** Caller rate → 48 kHz. */
  readonly up: StreamResampler;
  /** 48 kHz → caller rate. */
  readonly down: StreamResampler;
}

/**
 * New converters between `sampleRate` and 48 kHz.
 * @throws RangeError naming `sampleRate` when core's `StreamResampler` cannot convert it to and
 *   from 48 kHz (not a positive integer, or a ratio that needs too many filter phases).
 */
export function createRNNoiseResamplers(
  sampleRate: number,
  options: StreamResamplerOptions,
): RNNoiseResamplers {
  try {
    return {
      up: new StreamResampler(sampleRate, RNNOISE_SAMPLE_RATE, options),
      down: new StreamResampler(RNNOISE_SAMPLE_RATE, sampleRate, options),
    };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new RangeError(
      `RNNoiseFilter cannot run at ${sampleRate} Hz: it resamples to and from ${RNNOISE_SAMPLE_RATE} Hz, and ${error.message}`,
      { cause: error },
    );
  }
}

/**
 * @throws RangeError naming `numChannels` unless it is 1: RNNoise denoises one channel, and
 *   caller audio is mono.
 */
export function assertMono(numChannels: number): void {
  if (numChannels !== 1) {
    throw new RangeError(`RNNoiseFilter filters mono audio only, got ${numChannels} channels`);
  }
}
