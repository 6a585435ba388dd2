import { rootMeanSquare } from './decibels.js';
import type { SampleSpan } from './speech-extent.js';

/**
 * Active speech level of a clean scene: the RMS over its labelled speech spans only, so that
 * pauses between utterances do not lower it (as ITU-T P.56 measures speech level).
 */
export function activeSpeechRms(clean: Float64Array, spans: readonly SampleSpan[]): number {
  let sum = 0;
  let count = 0;
  for (const span of spans) {
    const rms = rootMeanSquare(clean, span.startSample, span.endSample);
    sum += rms ** 2 * (span.endSample - span.startSample);
    count += span.endSample - span.startSample;
  }
  return count === 0 ? 0 : Math.sqrt(sum / count);
}

/**
 * `clean` with `background` added under it so that the active speech level is `snrDb` above the
 * background's RMS (measured over the whole scene). `background` is as long as `clean` or longer.
 */
export function mixAtSnr(
  clean: Float64Array,
  spans: readonly SampleSpan[],
  background: Float64Array,
  snrDb: number,
): Float64Array {
  const backgroundRms = rootMeanSquare(background, 0, clean.length);
  const gain =
    backgroundRms === 0 ? 0 : activeSpeechRms(clean, spans) / 10 ** (snrDb / 20) / backgroundRms;
  const mixed = new Float64Array(clean.length);
  for (let index = 0; index < clean.length; index++) {
    mixed[index] = clean[index]! + gain * background[index]!;
  }
  return mixed;
}
