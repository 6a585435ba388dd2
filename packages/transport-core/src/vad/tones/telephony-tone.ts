/**
 * What a telephony tone means. One window cannot see a tone's cadence, so kinds follow the sound:
 * - `dtmf`: a keypad digit (one row and one column frequency);
 * - `dial`: dial tone (North America 350 + 440 Hz, UK 350 + 450 Hz);
 * - `ringback`: the far end is ringing (North America 440 + 480 Hz, UK 400 + 450 Hz);
 * - `busy`: busy or reorder (North America 480 + 620 Hz);
 * - `call-progress`: a single-frequency tone whose cadence says dial, ringback or busy (Europe's
 *   425 Hz, the 400 Hz of the UK's busy and of many other countries);
 * - `special-information`: one of the three rising SIT tones before an intercept message;
 * - `fax-calling`: a calling fax machine's CNG (1100 Hz);
 * - `fax-answer`: an answering fax or modem's CED / answer tone (2100 Hz).
 */
export type TelephonyToneKind =
  | 'dtmf'
  | 'dial'
  | 'ringback'
  | 'busy'
  | 'call-progress'
  | 'special-information'
  | 'fax-calling'
  | 'fax-answer';

/** A tone that telephone networks and terminals play, recognised by its frequencies. */
export interface TelephonyTone {
  /** What the tone means. */
  readonly kind: TelephonyToneKind;
  /** A readable name with its frequencies, e.g. `North American ringback (440 + 480 Hz)`. */
  readonly name: string;
  /** The frequencies played together, in Hz. */
  readonly frequenciesHz: readonly number[];
  /** The keypad key, for `dtmf` (`0`–`9`, `*`, `#`, `A`–`D`). */
  readonly digit?: string;
}

/** DTMF row (low group) frequencies, in Hz, top row first (ITU-T Q.23). */
export const DTMF_ROW_FREQUENCIES_HZ: readonly number[] = Object.freeze([697, 770, 852, 941]);
/** DTMF column (high group) frequencies, in Hz, left column first (ITU-T Q.23). */
export const DTMF_COLUMN_FREQUENCIES_HZ: readonly number[] = Object.freeze([
  1209, 1336, 1477, 1633,
]);
/** The keypad, by row then column. */
const DTMF_KEYPAD: readonly string[] = ['123A', '456B', '789C', '*0#D'];

/** SIT segment frequencies, in Hz: low and high first segment, low and high second, third. */
export const SPECIAL_INFORMATION_FREQUENCIES_HZ: readonly number[] = Object.freeze([
  913.8, 985.2, 1370.6, 1428.5, 1776.7,
]);
/** Fax calling tone (CNG), in Hz (ITU-T T.30). */
export const FAX_CALLING_FREQUENCY_HZ = 1100;
/** Fax / modem answer tone (CED, ANS), in Hz (ITU-T T.30, V.25). */
export const FAX_ANSWER_FREQUENCY_HZ = 2100;

function tone(kind: TelephonyToneKind, name: string, frequenciesHz: number[], digit?: string) {
  const described = `${name} (${frequenciesHz.join(' + ')} Hz)`;
  return Object.freeze({
    kind,
    name: described,
    frequenciesHz: Object.freeze(frequenciesHz),
    ...(digit === undefined ? {} : { digit }),
  }) as TelephonyTone;
}

/** Every DTMF key, by row then column (`DTMF_TONES[row][column]`). */
export const DTMF_TONES: readonly (readonly TelephonyTone[])[] = Object.freeze(
  DTMF_ROW_FREQUENCIES_HZ.map((row, rowIndex) =>
    Object.freeze(
      DTMF_COLUMN_FREQUENCIES_HZ.map((column, columnIndex) => {
        const digit = DTMF_KEYPAD[rowIndex]![columnIndex]!;
        return tone('dtmf', `DTMF ${digit}`, [row, column], digit);
      }),
    ),
  ),
);

/** Call-progress tones, each one or two frequencies played together. */
export const CALL_PROGRESS_TONES: readonly TelephonyTone[] = Object.freeze([
  tone('dial', 'North American dial tone', [350, 440]),
  tone('dial', 'UK dial tone', [350, 450]),
  tone('ringback', 'North American ringback', [440, 480]),
  tone('ringback', 'UK ringback', [400, 450]),
  tone('busy', 'North American busy / reorder', [480, 620]),
  tone('call-progress', 'European call-progress tone', [425]),
  tone('call-progress', 'Call-progress tone', [400]),
]);

/** SIT tones, one per segment frequency. */
export const SPECIAL_INFORMATION_TONES: readonly TelephonyTone[] = Object.freeze(
  SPECIAL_INFORMATION_FREQUENCIES_HZ.map((frequency) =>
    tone('special-information', 'Special information tone', [frequency]),
  ),
);

/** The fax calling tone (CNG). */
export const FAX_CALLING_TONE: TelephonyTone = tone('fax-calling', 'Fax calling tone (CNG)', [
  FAX_CALLING_FREQUENCY_HZ,
]);
/** The fax / modem answer tone (CED). */
export const FAX_ANSWER_TONE: TelephonyTone = tone('fax-answer', 'Fax / modem answer tone (CED)', [
  FAX_ANSWER_FREQUENCY_HZ,
]);
