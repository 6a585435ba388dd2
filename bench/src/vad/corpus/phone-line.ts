import { pcmToUlaw, resample, ulawToPcm } from '@x/transport-core';

/** The rate of a phone line, in Hz. */
export const PHONE_LINE_RATE_HZ = 8000;
/** The pipeline's rate, in Hz: the phone audio upsampled as the transport does. */
export const PIPELINE_RATE_HZ = 16_000;
const SAMPLE_MINIMUM = -32_768;
const SAMPLE_MAXIMUM = 32_767;

/**
 * What the far end of a phone line hears of `signal` (8 kHz, sample units): rounded and clipped to
 * 16 bits, then G.711 μ-law encoded and decoded. Returns the audio and how many samples clipped.
 */
export function throughPhoneLine(signal: Float64Array): { audio: Int16Array; clipped: number } {
  const pcm = new Int16Array(signal.length);
  let clipped = 0;
  for (let index = 0; index < signal.length; index++) {
    const value = Math.round(signal[index]!);
    if (value < SAMPLE_MINIMUM || value > SAMPLE_MAXIMUM) clipped++;
    pcm[index] = Math.min(SAMPLE_MAXIMUM, Math.max(SAMPLE_MINIMUM, value));
  }
  return { audio: ulawToPcm(pcmToUlaw(pcm)), clipped };
}

/** Phone audio at the pipeline's rate, with the transport's own resampler. */
export function upsampledForPipeline(phoneAudio: Int16Array): Int16Array {
  return resample(phoneAudio, PHONE_LINE_RATE_HZ, PIPELINE_RATE_HZ);
}
