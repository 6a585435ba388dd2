/** Frame of the energy measure that finds where speech starts and ends, in milliseconds. */
export const EXTENT_FRAME_MS = 10;
/** A frame is speech when its RMS is within this many dB of the clip's loudest frame. */
export const EXTENT_THRESHOLD_BELOW_PEAK_DB = 45;

/** Where speech is in a clip, in samples: `[startSample, endSample)`. */
export interface SampleSpan {
  startSample: number;
  endSample: number;
}

/**
 * The span from the first to the last 10 ms frame of `clean` whose level is within 45 dB of the
 * loudest frame: the label of a clean utterance (pauses inside it belong to it). Undefined for
 * silence.
 */
export function speechExtent(clean: ArrayLike<number>, sampleRate: number): SampleSpan | undefined {
  const frame = Math.max(1, Math.round((sampleRate * EXTENT_FRAME_MS) / 1000));
  const frames = Math.ceil(clean.length / frame);
  const energies = new Float64Array(frames);
  let loudest = 0;
  for (let which = 0; which < frames; which++) {
    const from = which * frame;
    const to = Math.min(clean.length, from + frame);
    let sum = 0;
    for (let index = from; index < to; index++) sum += clean[index]! ** 2;
    energies[which] = sum / (to - from);
    loudest = Math.max(loudest, energies[which]!);
  }
  if (loudest === 0) return undefined;
  const threshold = loudest * 10 ** (-EXTENT_THRESHOLD_BELOW_PEAK_DB / 10);
  let first = 0;
  while (energies[first]! < threshold) first++;
  let last = frames - 1;
  while (energies[last]! < threshold) last--;
  return { startSample: first * frame, endSample: Math.min(clean.length, (last + 1) * frame) };
}
