import { sinePeakForDbm0 } from './decibels.js';
import { addInto, applyRamps } from './envelope.js';

/** Rise and fall time of every tone burst, in milliseconds (tone generators ramp in a few ms). */
export const TONE_RAMP_MS = 4;

/** One step of a tone pattern: these frequencies together for `secs` (none: silence). */
export interface ToneStep {
  /** Frequencies sounding together, in Hz; empty for a pause. */
  frequenciesHz: readonly number[];
  /** Length of the step in seconds. */
  secs: number;
}

/** A signalling tone: its steps repeat, each frequency at `levelDbm0` on the line. */
export interface TonePattern {
  name: string;
  /** Level of each frequency, in dBm0. */
  levelDbm0: number;
  /** The cadence, repeated for as long as the tone sounds. */
  steps: readonly ToneStep[];
}

/**
 * Adds the sum of sines at `frequenciesHz`, each a sine of `levelsDbm0[i]` on a μ-law line, to
 * `target` from `startSecs` for `secs`, with `TONE_RAMP_MS` ramps.
 */
export function addToneBurst(
  target: Float64Array,
  sampleRate: number,
  startSecs: number,
  secs: number,
  frequenciesHz: readonly number[],
  levelsDbm0: readonly number[],
): void {
  const length = Math.round(secs * sampleRate);
  const burst = new Float64Array(length);
  frequenciesHz.forEach((frequency, which) => {
    const peak = sinePeakForDbm0(levelsDbm0[which] ?? levelsDbm0[0]!);
    const step = (2 * Math.PI * frequency) / sampleRate;
    for (let index = 0; index < length; index++) burst[index]! += peak * Math.sin(step * index);
  });
  applyRamps(burst, (TONE_RAMP_MS / 1000) * sampleRate);
  addInto(target, burst, Math.round(startSecs * sampleRate));
}

/** Plays `pattern` into `target` from `startSecs` to `endSecs` (the last cycle is cut there), `gainDb` added to its level. */
export function addTonePattern(
  target: Float64Array,
  sampleRate: number,
  pattern: TonePattern,
  startSecs: number,
  endSecs: number,
  gainDb = 0,
): void {
  let time = startSecs;
  while (time < endSecs) {
    for (const step of pattern.steps) {
      if (time >= endSecs) break;
      const secs = Math.min(step.secs, endSecs - time);
      if (step.frequenciesHz.length > 0) {
        const levels = step.frequenciesHz.map(() => pattern.levelDbm0 + gainDb);
        addToneBurst(target, sampleRate, time, secs, step.frequenciesHz, levels);
      }
      time += step.secs;
    }
  }
}
