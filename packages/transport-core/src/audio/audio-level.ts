/** Level and silence helpers on 16-bit PCM. */

/**
 * Pipecat's `SPEAKING_THRESHOLD`: a frame whose largest absolute sample is at most this many
 * sample units counts as silence.
 */
export const SPEAKING_THRESHOLD = 20;

/** Full scale of 16-bit PCM in sample units (the reference of `levelDbfs`). */
const FULL_SCALE_SAMPLE_UNITS = 32_768;

/** Root mean square of `pcm` in sample units (0 for an empty array). */
export function rms(pcm: Int16Array): number {
  const length = pcm.length;
  if (length === 0) return 0;
  let sumOfSquares = 0;
  for (let index = 0; index < length; index++) {
    const sample = pcm[index]!;
    sumOfSquares += sample * sample;
  }
  return Math.sqrt(sumOfSquares / length);
}

/**
 * RMS level in dB relative to full scale (32768, so a full-scale square wave is 0 dBFS and a
 * full-scale sine about −3 dBFS). Silence, including an empty array, is `-Infinity`.
 */
export function levelDbfs(pcm: Int16Array): number {
  const level = rms(pcm);
  return level === 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(level / FULL_SCALE_SAMPLE_UNITS);
}

/** True when every sample's magnitude is at most `threshold` (Pipecat's `is_silence`). */
export function isSilence(pcm: Int16Array, threshold: number = SPEAKING_THRESHOLD): boolean {
  if (!(threshold >= 0)) {
    throw new RangeError(`silence threshold must be a non-negative number, got ${threshold}`);
  }
  const length = pcm.length;
  for (let index = 0; index < length; index++) {
    const sample = pcm[index]!;
    if (sample > threshold || sample < -threshold) return false;
  }
  return true;
}
