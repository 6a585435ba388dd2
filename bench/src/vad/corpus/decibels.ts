/** Levels of the corpus signals. Signals are `Float64Array`s in 16-bit sample units. */

/** Full scale of 16-bit PCM in sample units: the reference of dBFS (as `levelDbfs` in core). */
export const FULL_SCALE_SAMPLE_UNITS = 32_768;
/** Level of a full-scale sine in G.711 μ-law, in dBm0 (G.711's digital milliwatt is 0 dBm0). */
export const FULL_SCALE_SINE_DBM0 = 3.17;

/** RMS in sample units of a signal whose level is `dbfs` (RMS relative to full scale). */
export function rmsForDbfs(dbfs: number): number {
  return FULL_SCALE_SAMPLE_UNITS * 10 ** (dbfs / 20);
}

/** Peak amplitude in sample units of a sine whose level is `dbm0` on a μ-law line. */
export function sinePeakForDbm0(dbm0: number): number {
  return FULL_SCALE_SAMPLE_UNITS * 10 ** ((dbm0 - FULL_SCALE_SINE_DBM0) / 20);
}

/** Root mean square of `signal[from, to)` in sample units (0 when empty). */
export function rootMeanSquare(
  signal: ArrayLike<number>,
  from = 0,
  to: number = signal.length,
): number {
  if (to <= from) return 0;
  let sum = 0;
  for (let index = from; index < to; index++) sum += signal[index]! ** 2;
  return Math.sqrt(sum / (to - from));
}

/** `signal` scaled in place so that its RMS is `targetRms` (unchanged when silent). */
export function scaleToRms(signal: Float64Array, targetRms: number): Float64Array {
  const current = rootMeanSquare(signal);
  if (current === 0) return signal;
  const gain = targetRms / current;
  for (let index = 0; index < signal.length; index++) signal[index]! *= gain;
  return signal;
}
