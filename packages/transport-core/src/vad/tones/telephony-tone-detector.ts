import { GoertzelFilterBank, type GoertzelFilterSpecification } from './goertzel-filter-bank.js';
import {
  CALL_PROGRESS_TONES,
  DTMF_COLUMN_FREQUENCIES_HZ,
  DTMF_ROW_FREQUENCIES_HZ,
  DTMF_TONES,
  FAX_ANSWER_TONE,
  FAX_CALLING_TONE,
  SPECIAL_INFORMATION_TONES,
  type TelephonyTone,
} from './telephony-tone.js';

/** Thresholds of a `TelephonyToneDetector`. */
export interface TelephonyToneDetectorOptions {
  /** Lowest share (0–1) of the window's energy the tone's frequencies must hold to count. */
  minPurity: number;
  /** How many dB louder a DTMF column tone may be than its row tone (normal twist). */
  dtmfNormalTwistDb: number;
  /** How many dB louder a DTMF row tone may be than its column tone (reverse twist). */
  dtmfReverseTwistDb: number;
  /** How many dB apart the two frequencies of a call-progress tone may be. */
  callProgressTwistDb: number;
  /** How many dB below each tone frequency its second harmonic must be (voices have harmonics). */
  secondHarmonicRejectionDb: number;
}

/**
 * Defaults: 80 % purity (a window is a tone only when everything else in it, a voice for
 * example, is more than 6 dB below the tone); DTMF twist +8 / −4 dB (the usual receiver limits);
 * 6 dB between call-progress frequencies; second harmonics at least 15 dB down.
 */
export const DEFAULT_TELEPHONY_TONE_DETECTOR_OPTIONS: Readonly<TelephonyToneDetectorOptions> =
  Object.freeze({
    minPurity: 0.8,
    dtmfNormalTwistDb: 8,
    dtmfReverseTwistDb: 4,
    callProgressTwistDb: 6,
    secondHarmonicRejectionDb: 15,
  });

/** Lowest sample rate the detector runs at, in Hz (every tone is below its 4 kHz Nyquist limit). */
export const TELEPHONY_TONE_MIN_SAMPLE_RATE_HZ = 8000;

/**
 * Coherent block for DTMF, SIT and CED, in ms: separates adjacent DTMF rows (73 Hz apart) and
 * accepts a key up to 1.5 % off its nominal frequencies (ITU-T Q.24).
 */
const KEYPAD_BLOCK_MS = 10;
/** Coherent block for CNG, in ms: accepts its ±38 Hz tolerance (ITU-T T.30). */
const FAX_CALLING_BLOCK_MS = 6;
/**
 * Coherent block for call-progress tones, in ms: long enough to tell 425 Hz from 440 Hz and
 * 440 + 480 Hz from 400 + 450 Hz when the window is that long (shorter windows still recognise a
 * tone, but may name the wrong one among those close frequencies).
 */
const CALL_PROGRESS_BLOCK_MS = 32;
/**
 * Block for second harmonics, in ms, tapered: selective rather than tolerant, because the
 * harmonics of DTMF rows fall between the columns and must not pick up a column tone.
 */
const HARMONIC_BLOCK_MS = 32;
/**
 * A second harmonic closer than this (Hz) to the other frequency of a dual tone is not checked:
 * the filter cannot tell them apart (the harmonics of DTMF rows 697, 770 and 852 Hz lie 58–93 Hz
 * from columns, closer still when a key is off its nominal frequencies).
 */
const HARMONIC_GUARD_HZ = 100;
/** Second harmonics above this share of the Nyquist frequency are not checked (aliased, filtered). */
const HARMONIC_CHECK_NYQUIST_SHARE = 0.9;

const CALL_PROGRESS_FREQUENCIES_HZ = [
  ...new Set(CALL_PROGRESS_TONES.flatMap((tone) => tone.frequenciesHz)),
].sort((a, b) => a - b);
/** Single tones, those with the keypad's blocks first (filters with the same blocks run together). */
const SINGLE_TONES: readonly { tone: TelephonyTone; blockMs: number }[] = [
  ...SPECIAL_INFORMATION_TONES.map((tone) => ({ tone, blockMs: KEYPAD_BLOCK_MS })),
  { tone: FAX_ANSWER_TONE, blockMs: KEYPAD_BLOCK_MS },
  { tone: FAX_CALLING_TONE, blockMs: FAX_CALLING_BLOCK_MS },
];

/**
 * Filter layout shared by every detector: DTMF rows, DTMF columns, call-progress frequencies,
 * single tones; then the second harmonic of each, measured only for a candidate tone.
 */
const FUNDAMENTALS: readonly GoertzelFilterSpecification[] = [
  ...DTMF_ROW_FREQUENCIES_HZ.map((frequencyHz) => ({ frequencyHz, blockMs: KEYPAD_BLOCK_MS })),
  ...DTMF_COLUMN_FREQUENCIES_HZ.map((frequencyHz) => ({ frequencyHz, blockMs: KEYPAD_BLOCK_MS })),
  ...SINGLE_TONES.map(({ tone, blockMs }) => ({ frequencyHz: tone.frequenciesHz[0]!, blockMs })),
  ...CALL_PROGRESS_FREQUENCIES_HZ.map((frequencyHz) => ({
    frequencyHz,
    blockMs: CALL_PROGRESS_BLOCK_MS,
  })),
];
const ROWS_AT = 0;
const COLUMNS_AT = DTMF_ROW_FREQUENCIES_HZ.length;
const SINGLES_AT = COLUMNS_AT + DTMF_COLUMN_FREQUENCIES_HZ.length;
const CALL_PROGRESS_AT = SINGLES_AT + SINGLE_TONES.length;
/** Call-progress tones as filter indexes (one or two). */
const CALL_PROGRESS_PATTERNS = CALL_PROGRESS_TONES.map((tone) => ({
  tone,
  filters: tone.frequenciesHz.map(
    (frequency) => CALL_PROGRESS_AT + CALL_PROGRESS_FREQUENCIES_HZ.indexOf(frequency),
  ),
}));

/** Banks are shared by all detectors at the same rate and window size; a few sizes are in use. */
const BANK_CACHE_LIMIT = 16;
const bankCache = new Map<string, GoertzelFilterBank>();

function bankFor(sampleRate: number, windowSamples: number): GoertzelFilterBank {
  const key = `${sampleRate}/${windowSamples}`;
  let bank = bankCache.get(key);
  if (bank === undefined) {
    const nyquist = sampleRate / 2;
    const harmonics = FUNDAMENTALS.map(({ frequencyHz }) => ({
      // a harmonic that cannot be measured is replaced by its fundamental and never checked
      frequencyHz:
        2 * frequencyHz < HARMONIC_CHECK_NYQUIST_SHARE * nyquist ? 2 * frequencyHz : frequencyHz,
      blockMs: HARMONIC_BLOCK_MS,
      tapered: true,
    }));
    bank = new GoertzelFilterBank(sampleRate, windowSamples, [...FUNDAMENTALS, ...harmonics]);
    if (bankCache.size >= BANK_CACHE_LIMIT) bankCache.clear();
    bankCache.set(key, bank);
  }
  return bank;
}

/**
 * Recognises telephony tones in one window of PCM16 audio: DTMF keys, dial, ringback, busy and
 * single-frequency call-progress tones, SIT, and fax CNG / CED. Goertzel filters measure the
 * window's power at each known frequency; a window is a tone when the tone's frequencies hold at
 * least `minPurity` of its energy (so speech over a tone is not a tone), the two frequencies of a
 * dual tone are within their twist limits, and no second harmonic stands out (voices have
 * harmonics, generated tones do not).
 *
 * Coefficients are computed once per sample rate and window size and shared; `detect` allocates
 * nothing. Rates from 8 kHz up. Windows: DTMF, SIT, fax and single-frequency tones from 10 ms;
 * the two-frequency call-progress tones need 20 ms to be recognised (their frequencies beat
 * every 20–25 ms) and about 30 ms to be named right (`VADAnalyzer` measures over 32 ms).
 *
 * ```ts
 * const detector = new TelephonyToneDetector(8000, 256);
 * detector.detect(window)?.kind; // 'dtmf', 'ringback', ... or undefined
 * ```
 */
export class TelephonyToneDetector {
  /** Samples per second of the windows. */
  readonly sampleRate: number;
  /** Samples per window. */
  readonly windowSamples: number;
  /** The thresholds in use. */
  readonly options: Readonly<TelephonyToneDetectorOptions>;
  readonly #bank: GoertzelFilterBank;
  readonly #shares = new Float64Array(FUNDAMENTALS.length);
  readonly #harmonicsCheckable: boolean[];
  readonly #harmonicLimit: number;
  readonly #dtmfNormalTwist: number;
  readonly #dtmfReverseTwist: number;
  readonly #callProgressTwist: number;

  /**
   * @throws RangeError when the rate is below 8 kHz or not an integer, the window is not a
   * positive integer, or an option is out of range.
   */
  constructor(
    sampleRate: number,
    windowSamples: number,
    options: Partial<TelephonyToneDetectorOptions> = {},
  ) {
    if (!(Number.isInteger(sampleRate) && sampleRate >= TELEPHONY_TONE_MIN_SAMPLE_RATE_HZ)) {
      throw new RangeError(
        `Telephony tones need a sample rate of at least ${TELEPHONY_TONE_MIN_SAMPLE_RATE_HZ} Hz, got ${sampleRate}`,
      );
    }
    const resolved = { ...DEFAULT_TELEPHONY_TONE_DETECTOR_OPTIONS };
    for (const [name, value] of Object.entries(options)) {
      if (value === undefined) continue;
      if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
        throw new RangeError(`Telephony tone option ${name} must be a number ≥ 0, got ${value}`);
      }
      (resolved as Record<string, number>)[name] = value;
    }
    if (resolved.minPurity > 1) {
      throw new RangeError(
        `Telephony tone minPurity must be from 0 to 1, got ${resolved.minPurity}`,
      );
    }
    this.sampleRate = sampleRate;
    this.windowSamples = windowSamples;
    this.options = Object.freeze(resolved);
    this.#bank = bankFor(sampleRate, windowSamples);
    this.#harmonicsCheckable = FUNDAMENTALS.map(
      ({ frequencyHz }) => 2 * frequencyHz < (HARMONIC_CHECK_NYQUIST_SHARE * sampleRate) / 2,
    );
    this.#harmonicLimit = 10 ** (-resolved.secondHarmonicRejectionDb / 10);
    this.#dtmfNormalTwist = 10 ** (resolved.dtmfNormalTwistDb / 10);
    this.#dtmfReverseTwist = 10 ** (resolved.dtmfReverseTwistDb / 10);
    this.#callProgressTwist = 10 ** (resolved.callProgressTwistDb / 10);
  }

  /**
   * The telephony tone that dominates `window` (`windowSamples` samples), or `undefined` when
   * none does (speech, noise, silence, music, or speech over a tone).
   */
  detect(window: Int16Array): TelephonyTone | undefined {
    if (window.length !== this.windowSamples) {
      throw new RangeError(
        `TelephonyToneDetector expects windows of ${this.windowSamples} samples, got ${window.length}`,
      );
    }
    let energy = 0;
    for (let index = 0; index < window.length; index++) {
      const sample = window[index]!;
      energy += sample * sample;
    }
    if (energy === 0) return undefined;
    const shares = this.#shares;
    this.#bank.powerShares(window, energy, shares, 0, FUNDAMENTALS.length);
    const minPurity = this.options.minPurity;
    let best: TelephonyTone | undefined;
    let bestPurity = minPurity;

    // DTMF: the strongest row and column
    const row = this.#strongest(ROWS_AT, COLUMNS_AT);
    const column = this.#strongest(COLUMNS_AT, SINGLES_AT);
    const rowShare = shares[row]!;
    const columnShare = shares[column]!;
    const keyPurity = rowShare + columnShare;
    if (
      keyPurity >= bestPurity &&
      columnShare <= rowShare * this.#dtmfNormalTwist &&
      rowShare <= columnShare * this.#dtmfReverseTwist &&
      this.#harmonicQuiet(window, row, energy, column) &&
      this.#harmonicQuiet(window, column, energy, row)
    ) {
      best = DTMF_TONES[row - ROWS_AT]![column - COLUMNS_AT];
      bestPurity = keyPurity;
    }

    // call progress: one or two frequencies
    for (let pattern = 0; pattern < CALL_PROGRESS_PATTERNS.length; pattern++) {
      const { tone, filters } = CALL_PROGRESS_PATTERNS[pattern]!;
      const first = shares[filters[0]!]!;
      const second = filters.length > 1 ? shares[filters[1]!]! : 0;
      const purity = first + second;
      if (purity < bestPurity) continue;
      if (
        filters.length > 1 &&
        (first > second * this.#callProgressTwist || second > first * this.#callProgressTwist)
      ) {
        continue;
      }
      const other = filters.length > 1 ? filters[1]! : -1;
      if (
        !this.#harmonicQuiet(window, filters[0]!, energy, other) ||
        (other >= 0 && !this.#harmonicQuiet(window, other, energy, filters[0]!))
      ) {
        continue;
      }
      best = tone;
      bestPurity = purity;
    }

    // single tones: SIT, CNG, CED
    for (let index = 0; index < SINGLE_TONES.length; index++) {
      const filter = SINGLES_AT + index;
      const purity = shares[filter]!;
      if (purity < bestPurity || !this.#harmonicQuiet(window, filter, energy, -1)) continue;
      best = SINGLE_TONES[index]!.tone;
      bestPurity = purity;
    }
    return best;
  }

  #strongest(from: number, to: number): number {
    const shares = this.#shares;
    let strongest = from;
    for (let index = from + 1; index < to; index++) {
      if (shares[index]! > shares[strongest]!) strongest = index;
    }
    return strongest;
  }

  /**
   * Whether the second harmonic of filter `index` is at least the rejection below it; `other` is
   * the filter of the tone's other frequency (−1 for none), too close to check the harmonic near.
   */
  #harmonicQuiet(window: Int16Array, index: number, energy: number, other: number): boolean {
    if (!this.#harmonicsCheckable[index]) return true;
    if (
      other >= 0 &&
      Math.abs(2 * FUNDAMENTALS[index]!.frequencyHz - FUNDAMENTALS[other]!.frequencyHz) <
        HARMONIC_GUARD_HZ
    ) {
      return true;
    }
    const harmonic = this.#bank.powerShare(window, FUNDAMENTALS.length + index, energy);
    return harmonic <= this.#shares[index]! * this.#harmonicLimit;
  }
}
