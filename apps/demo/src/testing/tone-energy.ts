/** Window the energy is measured over, in milliseconds: 5 Hz apart bins tell the notes apart. */
const ANALYSIS_WINDOW_MS = 200;

/** Power of `frequencyHz` in `window` (Goertzel), as the mean square of a sine of that power. */
function sinePower(window: Int16Array, frequencyHz: number, sampleRate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of window) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const magnitudeSquared =
    previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  // A sine of amplitude A gives |X|² = (A·N/2)², and its mean square is A²/2.
  return (2 * magnitudeSquared) / (window.length * window.length);
}

/**
 * The share of `audio`'s energy at `frequenciesHz` (0 to about 1), over 200 ms windows: near 1
 * for audio made of those sines (e.g. the hold music), near 0 for speech or other tones; 0 for
 * silence.
 */
export function energyShareAt(
  audio: Int16Array,
  frequenciesHz: readonly number[],
  sampleRate: number,
): number {
  const windowSamples = Math.round((sampleRate * ANALYSIS_WINDOW_MS) / 1000);
  let atFrequencies = 0;
  let total = 0;
  for (let start = 0; start + windowSamples <= audio.length; start += windowSamples) {
    const window = audio.subarray(start, start + windowSamples);
    let meanSquare = 0;
    for (const sample of window) meanSquare += sample * sample;
    total += meanSquare / window.length;
    for (const frequency of frequenciesHz) {
      atFrequencies += sinePower(window, frequency, sampleRate);
    }
  }
  return total === 0 ? 0 : atFrequencies / total;
}
