/**
 * Raised-cosine ramps at both ends of `signal` (in place), each `rampSamples` long or half the
 * signal when it is shorter: sounds switch on and off quickly but without a click.
 */
export function applyRamps(signal: Float64Array, rampSamples: number): Float64Array {
  const ramp = Math.min(Math.floor(rampSamples), Math.floor(signal.length / 2));
  for (let index = 0; index < ramp; index++) {
    const gain = 0.5 - 0.5 * Math.cos((Math.PI * (index + 0.5)) / ramp);
    signal[index]! *= gain;
    signal[signal.length - 1 - index]! *= gain;
  }
  return signal;
}

/** Adds `source` into `target` from sample `offset` on; what would fall outside is dropped. */
export function addInto(target: Float64Array, source: ArrayLike<number>, offset: number): void {
  const from = Math.max(0, -offset);
  const to = Math.min(source.length, target.length - offset);
  for (let index = from; index < to; index++) target[offset + index]! += source[index]!;
}
