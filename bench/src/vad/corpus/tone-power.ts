/**
 * Power of one frequency in `signal` (Goertzel), scaled so that a sine of peak amplitude A at that
 * frequency gives about A²/4. Used to check synthesized tones.
 */
export function powerAtFrequency(
  signal: ArrayLike<number>,
  frequencyHz: number,
  sampleRate: number,
): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (let index = 0; index < signal.length; index++) {
    const current = signal[index]! + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power = previous ** 2 + beforePrevious ** 2 - coefficient * previous * beforePrevious;
  return power / signal.length ** 2;
}
