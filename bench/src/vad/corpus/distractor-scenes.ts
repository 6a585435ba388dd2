import {
  BUSY_TONE,
  DIAL_TONE,
  FAX_ANSWER_TONE,
  FAX_CALLING_TONE,
  REORDER_TONE,
  RINGBACK_TONE,
  SPECIAL_INFORMATION_TONE,
} from './call-progress-tones.js';
import type { DistractorKind } from './corpus-plan.js';
import { FULL_SCALE_SAMPLE_UNITS, rmsForDbfs, scaleToRms } from './decibels.js';
import {
  addKeyPresses,
  DIALER_KEY_PRESSES,
  HUMAN_KEY_PRESSES,
  keyPressSequence,
} from './dtmf-key-presses.js';
import { addInto, applyRamps } from './envelope.js';
import { crackleClick, handsetThump } from './line-clicks.js';
import { mainsHum } from './mains-hum.js';
import { colouredNoise } from './noise-colours.js';
import { onOffStretches, type SecondsRange } from './scene-layout.js';
import type { SeededRandom } from './seeded-random.js';
import { addTonePattern, type TonePattern } from './tone-pattern.js';

/** Quiet at the start of every distractor scene, in seconds, so its first onset is heard. */
const LEAD_SECS: SecondsRange = [0.5, 1.5];
/** How far a line's tone level may be from nominal, in dB (each side). */
const TONE_LEVEL_SPREAD_DB = 3;
/** Key presses in one go: a menu choice, a PIN, a phone number, a number with the country code. */
const KEY_PRESS_COUNTS = [1, 1, 4, 10, 11];
/** Between two sequences of key presses, in seconds. */
const KEY_SEQUENCE_GAP_SECS: SecondsRange = [1.5, 4];
/** Chance that a sequence of key presses comes from an autodialer rather than a person. */
const DIALER_CHANCE = 0.25;
/** Music: stretches on and off, their level in dBFS, and their ramps in ms. */
const MUSIC_ON_SECS: SecondsRange = [8, 15];
const MUSIC_OFF_SECS: SecondsRange = [1, 3];
const MUSIC_LEVEL_DBFS: SecondsRange = [-32, -22];
/** Clicks come in clusters: clusters this far apart, clicks per cluster, spacing, peak in dBFS. */
const CLICK_CLUSTER_GAP_SECS: SecondsRange = [1, 4];
const CLICKS_PER_CLUSTER: readonly [number, number] = [3, 10];
const CLICK_SPACING_SECS: SecondsRange = [0.02, 0.2];
const CLICK_PEAK_DBFS: SecondsRange = [-26, -10];
/** Chance that a cluster is one knock on the handset instead. */
const THUMP_CHANCE = 0.2;
/** Hum: stretches on and off and their RMS level in dBFS. */
const HUM_ON_SECS: SecondsRange = [6, 10];
const HUM_OFF_SECS: SecondsRange = [1, 2];
const HUM_LEVEL_DBFS: SecondsRange = [-40, -30];
/** Noise bursts: stretches on and off and their RMS level in dBFS. */
const NOISE_ON_SECS: SecondsRange = [3, 8];
const NOISE_OFF_SECS: SecondsRange = [1, 3];
const NOISE_LEVEL_DBFS: SecondsRange = [-40, -25];
/** Ramps of music, hum and noise stretches, in milliseconds (quick onsets, no clicks). */
const STRETCH_RAMP_MS = 10;

const TONE_PATTERNS: Partial<Record<DistractorKind, TonePattern>> = {
  'dial tone': DIAL_TONE,
  ringback: RINGBACK_TONE,
  busy: BUSY_TONE,
  reorder: REORDER_TONE,
  'special information tone': SPECIAL_INFORMATION_TONE,
  'fax calling tone': FAX_CALLING_TONE,
  'fax answer tone': FAX_ANSWER_TONE,
};

/**
 * A scene of `secs` with only the distractor `kind` (no speech), in sample units at `sampleRate`.
 * `music` gives a piece of hold music at least `secs` long at `sampleRate` (rendered by sox).
 */
export function distractorScene(
  kind: DistractorKind,
  random: SeededRandom,
  sampleRate: number,
  secs: number,
  music: () => Float64Array,
): Float64Array {
  const scene = new Float64Array(Math.round(secs * sampleRate));
  const lead = random.between(...LEAD_SECS);
  const pattern = TONE_PATTERNS[kind];
  if (pattern) {
    const gainDb = random.between(-TONE_LEVEL_SPREAD_DB, TONE_LEVEL_SPREAD_DB);
    addTonePattern(scene, sampleRate, pattern, lead, secs, gainDb);
    return scene;
  }
  switch (kind) {
    case 'dtmf': {
      let time = lead;
      while (time < secs) {
        const timing = random.next() < DIALER_CHANCE ? DIALER_KEY_PRESSES : HUMAN_KEY_PRESSES;
        const presses = keyPressSequence(random, time, random.pick(KEY_PRESS_COUNTS), timing);
        addKeyPresses(scene, sampleRate, presses, random);
        const last = presses.at(-1)!;
        time = last.startSecs + last.secs + random.between(...KEY_SEQUENCE_GAP_SECS);
      }
      break;
    }
    case 'hold music': {
      const piece = music();
      for (const [start, end] of onOffStretches(
        random,
        lead,
        secs,
        MUSIC_ON_SECS,
        MUSIC_OFF_SECS,
      )) {
        const length = Math.round((end - start) * sampleRate);
        const offset = random.integer(0, Math.max(0, piece.length - length));
        const excerpt = scaleToRms(
          piece.slice(offset, offset + length),
          rmsForDbfs(random.between(...MUSIC_LEVEL_DBFS)),
        );
        addInto(
          scene,
          applyRamps(excerpt, (STRETCH_RAMP_MS / 1000) * sampleRate),
          Math.round(start * sampleRate),
        );
      }
      break;
    }
    case 'clicks': {
      let time = lead;
      while (time < secs) {
        if (random.next() < THUMP_CHANCE) {
          const peak = FULL_SCALE_SAMPLE_UNITS * 10 ** (random.between(...CLICK_PEAK_DBFS) / 20);
          addInto(scene, handsetThump(sampleRate, peak, random), Math.round(time * sampleRate));
        } else {
          const clicks = random.integer(...CLICKS_PER_CLUSTER);
          for (let click = 0; click < clicks; click++) {
            const peak = FULL_SCALE_SAMPLE_UNITS * 10 ** (random.between(...CLICK_PEAK_DBFS) / 20);
            addInto(scene, crackleClick(sampleRate, peak, random), Math.round(time * sampleRate));
            time += random.between(...CLICK_SPACING_SECS);
          }
        }
        time += random.between(...CLICK_CLUSTER_GAP_SECS);
      }
      break;
    }
    case 'hum 50 Hz':
    case 'hum 60 Hz': {
      const fundamental = kind === 'hum 50 Hz' ? 50 : 60;
      for (const [start, end] of onOffStretches(random, lead, secs, HUM_ON_SECS, HUM_OFF_SECS)) {
        const hum = mainsHum(
          fundamental,
          end - start,
          sampleRate,
          rmsForDbfs(random.between(...HUM_LEVEL_DBFS)),
        );
        addInto(
          scene,
          applyRamps(hum, (STRETCH_RAMP_MS / 1000) * sampleRate),
          Math.round(start * sampleRate),
        );
      }
      break;
    }
    case 'white noise':
    case 'pink noise':
    case 'brown noise': {
      const colour = kind === 'white noise' ? 'white' : kind === 'pink noise' ? 'pink' : 'brown';
      for (const [start, end] of onOffStretches(
        random,
        lead,
        secs,
        NOISE_ON_SECS,
        NOISE_OFF_SECS,
      )) {
        const noise = colouredNoise(colour, Math.round((end - start) * sampleRate), random);
        scaleToRms(noise, rmsForDbfs(random.between(...NOISE_LEVEL_DBFS)));
        addInto(
          scene,
          applyRamps(noise, (STRETCH_RAMP_MS / 1000) * sampleRate),
          Math.round(start * sampleRate),
        );
      }
      break;
    }
  }
  return scene;
}
