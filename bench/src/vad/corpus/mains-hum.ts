import { scaleToRms } from './decibels.js';

/** Harmonics in mains hum, counting the fundamental. */
const HUM_HARMONICS = 10;
/** Weight of the even harmonics against the odd ones (rectifiers add them, transformers less). */
const EVEN_HARMONIC_WEIGHT = 0.5;

/**
 * `secs` of mains hum (buzz) at `fundamentalHz` (50 or 60 Hz) with an RMS of `rms`: harmonics up to
 * the tenth, each 1/k of the fundamental, even ones half that, so it sounds like a ground loop.
 */
export function mainsHum(
  fundamentalHz: number,
  secs: number,
  sampleRate: number,
  rms: number,
): Float64Array {
  const hum = new Float64Array(Math.round(secs * sampleRate));
  for (let harmonic = 1; harmonic <= HUM_HARMONICS; harmonic++) {
    const frequency = fundamentalHz * harmonic;
    if (frequency >= sampleRate / 2) break;
    const weight = (harmonic % 2 === 0 ? EVEN_HARMONIC_WEIGHT : 1) / harmonic;
    const step = (2 * Math.PI * frequency) / sampleRate;
    for (let index = 0; index < hum.length; index++) {
      hum[index]! += weight * Math.sin(step * index + harmonic);
    }
  }
  return scaleToRms(hum, rms);
}
