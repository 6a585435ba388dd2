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

/** Index of the first sample whose magnitude exceeds `threshold`, or -1. */
export function firstLoudSample(pcm: Int16Array, threshold = 1000): number {
  return pcm.findIndex((sample) => Math.abs(sample) > threshold);
}
