/** Test audio: tones and a signal-to-noise measure. */

/** Frequencies of the two-tone test signal, in Hz. */
export const TONE_FREQUENCIES_HZ = [440, 1_250] as const;
/** Peak amplitude of the test signal. */
export const TONE_AMPLITUDE = 8_000;

/** The two-tone test signal sampled at `sampleRate`, as exact floating-point values. */
export function tone(sampleRate: number, seconds: number): Float64Array {
  const signal = new Float64Array(Math.round(sampleRate * seconds));
  for (let index = 0; index < signal.length; index++) {
    let value = 0;
    for (const frequency of TONE_FREQUENCIES_HZ) {
      value += Math.sin((2 * Math.PI * frequency * index) / sampleRate);
    }
    signal[index] = (TONE_AMPLITUDE / TONE_FREQUENCIES_HZ.length) * value;
  }
  return signal;
}

/** Rounds a signal to PCM16. */
export function toInt16(signal: Float64Array): Int16Array {
  return Int16Array.from(signal, (value) => Math.round(value));
}

/** Signal-to-noise ratio of `actual` against `expected` over samples `[from, to)`, in dB. */
export function snrDb(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  from: number,
  to: number,
): number {
  const end = Math.min(to, expected.length, actual.length);
  let signal = 0;
  let noise = 0;
  for (let index = from; index < end; index++) {
    signal += expected[index]! ** 2;
    noise += (expected[index]! - actual[index]!) ** 2;
  }
  return 10 * Math.log10(signal / Math.max(noise, 1e-9));
}

/** Joins PCM chunks. */
export function concatPcm(chunks: readonly Int16Array[]): Int16Array {
  const result = new Int16Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}
