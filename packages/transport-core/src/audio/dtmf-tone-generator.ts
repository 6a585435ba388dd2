import { DTMF_TONES } from '../vad/tones/telephony-tone.js';

/** How long each key's tone lasts by default, in milliseconds (the usual 100 ms on). */
export const DTMF_TONE_MS = 100;
/** Silence after each key's tone by default, in milliseconds (the usual 100 ms off). */
export const DTMF_GAP_MS = 100;
/** Shortest tone a DTMF receiver must accept, in milliseconds (ITU-T Q.24: 40 ms). */
export const DTMF_MIN_TONE_MS = 40;
/** Shortest pause between keys a DTMF receiver must accept, in milliseconds (ITU-T Q.24: 40 ms). */
export const DTMF_MIN_GAP_MS = 40;
/** Level of each of a key's two frequencies by default, in dBm0 (the usual sending level). */
export const DTMF_TONE_LEVEL_DBM0 = -10;
/**
 * Loudest level of each frequency, in dBm0: the two sines together then peak just below full
 * scale, so a key never clips.
 */
export const DTMF_MAX_TONE_LEVEL_DBM0 = -3;
/**
 * Level of a full-scale PCM16 sine, in dBm0: G.711 μ-law's digital milliwatt (0 dBm0) sits
 * 3.17 dB below full scale.
 */
export const FULL_SCALE_SINE_DBM0 = 3.17;
/**
 * Each tone fades in and out over this many milliseconds (a raised cosine), so it starts and
 * stops without a click: a step from a sine's peak to silence splashes energy across the band,
 * which a listener hears and a strict DTMF receiver may see as a second key. Short against the
 * 40 ms a receiver needs, so the tone's length and level are as set.
 */
export const DTMF_EDGE_RAMP_MS = 2;
/** Peak of a full-scale PCM16 sine. */
const FULL_SCALE_AMPLITUDE = 32_767;

/** Timing and level of in-band DTMF keys. */
export interface DtmfToneOptions {
  /** How long each key's tone lasts, in milliseconds (at least `DTMF_MIN_TONE_MS`). */
  toneMs: number;
  /** Silence after each key's tone, in milliseconds (at least `DTMF_MIN_GAP_MS`). */
  gapMs: number;
  /** Level of each of the key's two frequencies, in dBm0 (at most `DTMF_MAX_TONE_LEVEL_DBM0`). */
  levelDbm0: number;
}

/** Defaults of `DtmfToneOptions`: 100 ms on, 100 ms off, −10 dBm0 per frequency. */
export const DEFAULT_DTMF_TONE_OPTIONS: Readonly<DtmfToneOptions> = Object.freeze({
  toneMs: DTMF_TONE_MS,
  gapMs: DTMF_GAP_MS,
  levelDbm0: DTMF_TONE_LEVEL_DBM0,
});

/** Row and column frequency of every key, in Hz, keyed by digit (`0`–`9`, `*`, `#`, `A`–`D`). */
const KEY_FREQUENCIES_HZ: ReadonlyMap<string, readonly number[]> = new Map(
  DTMF_TONES.flat().map((tone) => [tone.digit!, tone.frequenciesHz]),
);

/** Peak amplitude (PCM16) of a sine at `levelDbm0`. */
export function sineAmplitudeAtDbm0(levelDbm0: number): number {
  return FULL_SCALE_AMPLITUDE * 10 ** ((levelDbm0 - FULL_SCALE_SINE_DBM0) / 20);
}

/**
 * Plays DTMF keys as in-band tones (ITU-T Q.23 frequency pairs: rows 697, 770, 852, 941 Hz ×
 * columns 1209, 1336, 1477, 1633 Hz) for lines that cannot send DTMF as a message: each key is
 * its two sines at `levelDbm0` each for `toneMs` (faded in and out over `DTMF_EDGE_RAMP_MS`, so
 * without clicks), then `gapMs` of silence.
 *
 * ```ts
 * const generator = new DtmfToneGenerator(8000);
 * const keys = generator.generate('42#'); // 600 ms of PCM16 mono at 8 kHz
 * ```
 */
export class DtmfToneGenerator {
  /** Samples per second of the tones. */
  readonly sampleRate: number;
  /** Timing and level in use. */
  readonly options: Readonly<DtmfToneOptions>;
  /** Samples of one key: its tone, then its gap. */
  readonly samplesPerKey: number;
  readonly #toneSamples: number;
  readonly #amplitude: number;
  /** Gains of the fade-in, sample by sample (the fade-out is the same, reversed). */
  readonly #ramp: Float64Array;

  /**
   * @throws RangeError for a rate below 4 kHz (1633 Hz needs it) or an option out of range,
   * naming it.
   */
  constructor(sampleRate: number, options: Partial<DtmfToneOptions> = {}) {
    if (!(Number.isInteger(sampleRate) && sampleRate >= 4000)) {
      throw new RangeError(`DTMF tones need a sample rate of at least 4000 Hz, got ${sampleRate}`);
    }
    const resolved = resolveDtmfToneOptions(options);
    this.sampleRate = sampleRate;
    this.options = resolved;
    this.#toneSamples = Math.round((sampleRate * resolved.toneMs) / 1000);
    this.samplesPerKey = this.#toneSamples + Math.round((sampleRate * resolved.gapMs) / 1000);
    this.#amplitude = sineAmplitudeAtDbm0(resolved.levelDbm0);
    const rampSamples = Math.min(
      Math.round((sampleRate * DTMF_EDGE_RAMP_MS) / 1000),
      Math.floor(this.#toneSamples / 2),
    );
    this.#ramp = new Float64Array(rampSamples);
    for (let index = 0; index < rampSamples; index++) {
      this.#ramp[index] = 0.5 - 0.5 * Math.cos((Math.PI * (index + 0.5)) / rampSamples);
    }
  }

  /**
   * PCM16 mono of the keys in order, each its tone then its gap.
   * @throws RangeError naming a digit that is not a DTMF key (`0`–`9`, `*`, `#`, `A`–`D`).
   */
  generate(digits: string | readonly string[]): Int16Array {
    const keys = typeof digits === 'string' ? [...digits] : digits;
    const samples = new Int16Array(keys.length * this.samplesPerKey);
    keys.forEach((digit, index) => {
      const frequencies = KEY_FREQUENCIES_HZ.get(digit);
      if (frequencies === undefined) {
        throw new RangeError(
          `invalid DTMF digit ${JSON.stringify(digit)}: expected one of 0-9 * # A B C D`,
        );
      }
      this.#writeTone(samples, index * this.samplesPerKey, frequencies);
    });
    return samples;
  }

  #writeTone(samples: Int16Array, offset: number, frequenciesHz: readonly number[]): void {
    const row = (2 * Math.PI * frequenciesHz[0]!) / this.sampleRate;
    const column = (2 * Math.PI * frequenciesHz[1]!) / this.sampleRate;
    const amplitude = this.#amplitude;
    const ramp = this.#ramp;
    const last = this.#toneSamples - 1;
    for (let index = 0; index <= last; index++) {
      const edge = Math.min(index, last - index);
      const gain = edge < ramp.length ? amplitude * ramp[edge]! : amplitude;
      samples[offset + index] = Math.round(
        gain * (Math.sin(row * index) + Math.sin(column * index)),
      );
    }
  }
}

/**
 * Applies the defaults and checks each option.
 * @throws RangeError naming the option and the value it refuses.
 */
export function resolveDtmfToneOptions(
  options: Partial<DtmfToneOptions> = {},
): Readonly<DtmfToneOptions> {
  const resolved = { ...DEFAULT_DTMF_TONE_OPTIONS };
  if (options.toneMs !== undefined) resolved.toneMs = options.toneMs;
  if (options.gapMs !== undefined) resolved.gapMs = options.gapMs;
  if (options.levelDbm0 !== undefined) resolved.levelDbm0 = options.levelDbm0;
  checkAtLeast('toneMs', resolved.toneMs, DTMF_MIN_TONE_MS);
  checkAtLeast('gapMs', resolved.gapMs, DTMF_MIN_GAP_MS);
  if (!(Number.isFinite(resolved.levelDbm0) && resolved.levelDbm0 <= DTMF_MAX_TONE_LEVEL_DBM0)) {
    throw new RangeError(
      `DTMF levelDbm0 must be a finite level ≤ ${DTMF_MAX_TONE_LEVEL_DBM0} dBm0 (two tones above it clip), got ${resolved.levelDbm0}`,
    );
  }
  return Object.freeze(resolved);
}

function checkAtLeast(name: string, valueMs: number, minimumMs: number): void {
  if (!(Number.isFinite(valueMs) && valueMs >= minimumMs)) {
    throw new RangeError(
      `DTMF ${name} must be a finite number of milliseconds ≥ ${minimumMs} (ITU-T Q.24), got ${valueMs}`,
    );
  }
}
