/** Test signals and measurements shared by benchmarks. */

/** A sine of `frequencyHz` sampled at `rate` for `seconds`, amplitude in sample units. */
export function sine(
  frequencyHz: number,
  rate: number,
  seconds: number,
  amplitude = 16_000,
): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, index) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / rate)),
  );
}

/** Speech-like test audio: a few harmonics with a slow amplitude envelope plus a little noise. */
export function speechLike(rate: number, seconds: number): Int16Array {
  let seed = 0x2545_f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0xffff_ffff - 0.5;
  };
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, index) => {
    const time = index / rate;
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 3 * time);
    let value = 0;
    for (const [frequency, weight] of [
      [180, 1],
      [360, 0.6],
      [720, 0.35],
      [1440, 0.2],
      [2880, 0.1],
    ] as const) {
      value += weight * Math.sin(2 * Math.PI * frequency * time);
    }
    return Math.round(8_000 * envelope * value + 300 * random());
  });
}

export function rms(signal: Int16Array, from = 0, to = signal.length): number {
  let sum = 0;
  for (let index = from; index < to; index++) sum += signal[index]! ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** The lag (output index − input index) in ±`maxLag` that best lines `output` up with `input`. */
export function bestLag(input: Int16Array, output: Int16Array, maxLag: number): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  const from = maxLag;
  const to = Math.min(input.length, output.length) - maxLag;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let score = 0;
    for (let index = from; index < to; index++) score += input[index]! * output[index + lag]!;
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best;
}

/** SNR in dB of `output` against `input` after shifting by `lag`, skipping `edge` samples each end. */
export function snrDb(input: Int16Array, output: Int16Array, lag: number, edge: number): number {
  let signal = 0;
  let error = 0;
  const to = Math.min(input.length, output.length - lag) - edge;
  for (let index = edge; index < to; index++) {
    signal += input[index]! ** 2;
    error += (input[index]! - output[index + lag]!) ** 2;
  }
  return error === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10(signal / error);
}
