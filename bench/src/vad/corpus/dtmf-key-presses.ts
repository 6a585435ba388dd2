import type { SeededRandom } from './seeded-random.js';
import { addToneBurst } from './tone-pattern.js';

/** DTMF keys and their low (row) and high (column) frequencies in Hz (ITU-T Q.23). */
export const DTMF_FREQUENCIES_HZ: Readonly<Record<string, readonly [number, number]>> =
  Object.freeze({
    '1': [697, 1209],
    '2': [697, 1336],
    '3': [697, 1477],
    A: [697, 1633],
    '4': [770, 1209],
    '5': [770, 1336],
    '6': [770, 1477],
    B: [770, 1633],
    '7': [852, 1209],
    '8': [852, 1336],
    '9': [852, 1477],
    C: [852, 1633],
    '*': [941, 1209],
    '0': [941, 1336],
    '#': [941, 1477],
    D: [941, 1633],
  });

/** Keys a caller presses (the 12 of a phone keypad). */
const KEYPAD_KEYS = [...'123456789*0#'];

/** Level of the low-group tone, in dBm0; the high group is `DTMF_TWIST_DB` louder. */
export const DTMF_LOW_GROUP_DBM0 = -7;
/** High group over low group, in dB (telephones send the high group louder). */
export const DTMF_TWIST_DB = 2;
/** How far a phone's send level may be from nominal, in dB (each side). */
const DTMF_LEVEL_SPREAD_DB = 3;

/** How long keys sound and how long between them, in seconds. */
export interface KeyPressTiming {
  name: string;
  toneSecs: readonly [number, number];
  pauseSecs: readonly [number, number];
}

/** A person pressing keys: 90–200 ms tones, 120–500 ms between them. */
export const HUMAN_KEY_PRESSES: KeyPressTiming = {
  name: 'human',
  toneSecs: [0.09, 0.2],
  pauseSecs: [0.12, 0.5],
};
/** An autodialer at the standard's fast end: 50–70 ms tones and pauses (minimum is 40 ms). */
export const DIALER_KEY_PRESSES: KeyPressTiming = {
  name: 'dialer',
  toneSecs: [0.05, 0.07],
  pauseSecs: [0.05, 0.07],
};

/** One key press: which key, when and how long. */
export interface KeyPress {
  key: string;
  startSecs: number;
  secs: number;
}

/**
 * Key presses of `count` keys from `startSecs` with `timing`: a menu choice, a PIN or a number.
 */
export function keyPressSequence(
  random: SeededRandom,
  startSecs: number,
  count: number,
  timing: KeyPressTiming,
): KeyPress[] {
  const presses: KeyPress[] = [];
  let time = startSecs;
  for (let index = 0; index < count; index++) {
    const secs = random.between(...timing.toneSecs);
    presses.push({ key: random.pick(KEYPAD_KEYS), startSecs: time, secs });
    time += secs + random.between(...timing.pauseSecs);
  }
  return presses;
}

/** Adds the key presses to `target`, with one send level (±3 dB from nominal) for all of them. */
export function addKeyPresses(
  target: Float64Array,
  sampleRate: number,
  presses: readonly KeyPress[],
  random: SeededRandom,
): void {
  const gainDb = random.between(-DTMF_LEVEL_SPREAD_DB, DTMF_LEVEL_SPREAD_DB);
  const low = DTMF_LOW_GROUP_DBM0 + gainDb;
  for (const press of presses) {
    addToneBurst(target, sampleRate, press.startSecs, press.secs, DTMF_FREQUENCIES_HZ[press.key]!, [
      low,
      low + DTMF_TWIST_DB,
    ]);
  }
}
