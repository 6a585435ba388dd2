/** Mean power of `audio[start, end)` in dB relative to one int16 step squared. */
export function levelDb(audio: Int16Array, start = 0, end = audio.length): number {
  let sum = 0;
  for (let index = start; index < end; index++) sum += audio[index]! * audio[index]!;
  return 10 * Math.log10(sum / Math.max(1, end - start) + Number.MIN_VALUE);
}

/** Normalised correlation of `a[i]` with `b[i + lag]` over `i` in `[0, length)`. */
export function correlationAt(a: Int16Array, b: Int16Array, lag: number, length: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let index = 0; index < length; index++) {
    const x = a[index]!;
    const y = b[index + lag]!;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

/** The lag in `[0, maxLag]` samples at which `delayed` best matches `original`. */
export function bestLag(original: Int16Array, delayed: Int16Array, maxLag: number): number {
  const length = Math.min(original.length, delayed.length - maxLag);
  let best = 0;
  let bestCorrelation = Number.NEGATIVE_INFINITY;
  for (let lag = 0; lag <= maxLag; lag++) {
    const correlation = correlationAt(original, delayed, lag, length);
    if (correlation > bestCorrelation) {
      bestCorrelation = correlation;
      best = lag;
    }
  }
  return best;
}
