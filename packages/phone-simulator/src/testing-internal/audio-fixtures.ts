/** A sine tone of `durationMs` at `frequencyHz`, amplitude `amplitude` (PCM16). */
export function tone(
  frequencyHz: number,
  durationMs: number,
  sampleRate: number,
  amplitude = 8000,
): Int16Array {
  const samples = Math.round((durationMs * sampleRate) / 1000);
  const pcm = new Int16Array(samples);
  for (let index = 0; index < samples; index++) {
    pcm[index] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / sampleRate));
  }
  return pcm;
}

/** Root mean square of `pcm` (0 for empty input). */
export function rootMeanSquare(pcm: Int16Array): number {
  if (pcm.length === 0) return 0;
  let sum = 0;
  for (const sample of pcm) sum += sample * sample;
  return Math.sqrt(sum / pcm.length);
}

/** Index of the first sample whose magnitude exceeds `threshold`, or -1. */
export function firstLoudSample(pcm: Int16Array, threshold = 1000): number {
  return pcm.findIndex((sample) => Math.abs(sample) > threshold);
}

/** Index one past the last sample whose magnitude exceeds `threshold`, or 0. */
export function endOfLoudSamples(pcm: Int16Array, threshold = 1000): number {
  for (let index = pcm.length - 1; index >= 0; index--) {
    if (Math.abs(pcm[index]!) > threshold) return index + 1;
  }
  return 0;
}
