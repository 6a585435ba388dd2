import type { SeededRandom } from './seeded-random.js';

/** A range of seconds to draw from, both ends included. */
export type SecondsRange = readonly [number, number];

/** Where a clip of known length goes in a scene. */
export interface Placement {
  /** Index of the clip in the list given. */
  clip: number;
  startSecs: number;
  endSecs: number;
}

/**
 * Places clips one after the other: `leadSecs` of quiet first, then each clip followed by a pause
 * drawn from `pauseSecs`; clips that would end after `maxSecs` are left out. The scene lasts until
 * the last clip's end plus one more pause.
 */
export function layoutClips(
  clipSecs: readonly number[],
  random: SeededRandom,
  leadSecs: SecondsRange,
  pauseSecs: SecondsRange,
  maxSecs: number,
): { placements: Placement[]; sceneSecs: number } {
  const placements: Placement[] = [];
  let time = random.between(...leadSecs);
  for (const [clip, secs] of clipSecs.entries()) {
    if (time + secs > maxSecs) break;
    placements.push({ clip, startSecs: time, endSecs: time + secs });
    time += secs + random.between(...pauseSecs);
  }
  return { placements, sceneSecs: Math.min(maxSecs, time) };
}

/**
 * Alternating stretches of sound and quiet from `startSecs` to `endSecs`: sound for a time drawn
 * from `onSecs`, then quiet for a time drawn from `offSecs`, and so on (the last stretch is cut).
 */
export function onOffStretches(
  random: SeededRandom,
  startSecs: number,
  endSecs: number,
  onSecs: SecondsRange,
  offSecs: SecondsRange,
): Array<readonly [number, number]> {
  const stretches: Array<readonly [number, number]> = [];
  let time = startSecs;
  while (time < endSecs) {
    const end = Math.min(endSecs, time + random.between(...onSecs));
    stretches.push([time, end]);
    time = end + random.between(...offSecs);
  }
  return stretches;
}
