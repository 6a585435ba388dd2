import type { StreamResamplerOptions } from '@x/transport-core';
import { createRNNoiseResamplers } from './rnnoise-resamplers.js';
import { RNNOISE_FRAME_SAMPLES } from './rnnoise-wasm.js';

/**
 * Seconds of audio the calibration runs through: long enough for the pattern of outputs, which
 * repeats every second (a whole number of samples at both rates), after the resamplers' start.
 */
const CALIBRATION_SECS = 2;

const cache = new Map<string, number>();

/**
 * The fewest samples (at the caller's `sampleRate`) the filter must hold back so that every
 * `filter` call, whatever its size, can return as many samples as it got: the most input the
 * chain caller rate → 48 kHz → whole 480-sample frames → caller rate is ever behind by. It
 * depends only on how many samples went in, never on how they were split, so a run of one-sample
 * chunks (zeros, through throwaway resamplers) finds it. Computed once per rate and options.
 */
export function bufferingDelaySamples(
  sampleRate: number,
  resamplerOptions: StreamResamplerOptions,
): number {
  const key = `${sampleRate} ${JSON.stringify(resamplerOptions)}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const { up, down } = createRNNoiseResamplers(sampleRate, resamplerOptions);
  const sample = new Int16Array(1);
  const frame = new Int16Array(RNNOISE_FRAME_SAMPLES);
  let framed = 0;
  let available = 0;
  let delay = 0;
  const total = Math.ceil(sampleRate * CALIBRATION_SECS);
  for (let fed = 1; fed <= total; fed++) {
    framed += up.process(sample).length;
    while (framed >= RNNOISE_FRAME_SAMPLES) {
      framed -= RNNOISE_FRAME_SAMPLES;
      available += down.process(frame).length;
    }
    delay = Math.max(delay, fed - available);
  }
  cache.set(key, delay);
  return delay;
}
