import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWav, pcmToUlaw, ulawToPcm } from '../../audio/index.js';
import {
  CALL_PROGRESS_TONES,
  DTMF_TONES,
  FAX_ANSWER_TONE,
  FAX_CALLING_TONE,
  SPECIAL_INFORMATION_TONES,
  type TelephonyTone,
} from './telephony-tone.js';
import { TelephonyToneDetector } from './telephony-tone-detector.js';

/** One window of sines ([Hz, peak amplitude in sample units]), through μ-law at 8 kHz. */
function tone(sampleRate: number, samples: number, parts: [number, number][]): Int16Array {
  const result = new Int16Array(samples);
  for (let index = 0; index < samples; index++) {
    let value = 0;
    parts.forEach(([frequency, amplitude], which) => {
      value += amplitude * Math.sin((2 * Math.PI * frequency * index) / sampleRate + 1.3 * which);
    });
    result[index] = Math.round(value);
  }
  return sampleRate === 8000 ? ulawToPcm(pcmToUlaw(result)) : result;
}

function fixture(name: string): { audio: Int16Array; sampleRate: number } {
  return parseWav(readFileSync(new URL(`../__fixtures__/${name}.wav`, import.meta.url)));
}

/** What the detector finds in each 32 ms window of a fixture. */
function tonesIn(name: string): (TelephonyTone | undefined)[] {
  const { audio, sampleRate } = fixture(name);
  const windowSamples = (sampleRate * 32) / 1000;
  const detector = new TelephonyToneDetector(sampleRate, windowSamples);
  const found: (TelephonyTone | undefined)[] = [];
  for (let offset = 0; offset + windowSamples <= audio.length; offset += windowSamples) {
    found.push(detector.detect(audio.subarray(offset, offset + windowSamples)));
  }
  return found;
}

/** The detected values in order, each run of equal values once, without the gaps. */
function runs(values: (string | undefined)[]): string[] {
  return values.filter(
    (value, index) => value !== undefined && value !== values[index - 1],
  ) as string[];
}

/** A DTMF level: each frequency about −10 dBm0, the column 2 dB above the row. */
const ROW_AMPLITUDE = 6000;
const COLUMN_AMPLITUDE = 7500;

describe('TelephonyToneDetector', () => {
  for (const [sampleRate, windowSamples] of [
    [8000, 256],
    [8000, 80],
    [16_000, 512],
    [16_000, 160],
    [48_000, 1536],
    [11_025, 353],
  ] as const) {
    it(`recognises every DTMF key at ${sampleRate} Hz in ${windowSamples}-sample windows`, () => {
      const detector = new TelephonyToneDetector(sampleRate, windowSamples);
      for (const key of DTMF_TONES.flat()) {
        const [row, column] = key.frequenciesHz as [number, number];
        const window = tone(sampleRate, windowSamples, [
          [row, ROW_AMPLITUDE],
          [column, COLUMN_AMPLITUDE],
        ]);
        expect(detector.detect(window)?.digit).toBe(key.digit);
      }
    });
  }

  for (const [sampleRate, windowSamples] of [
    [8000, 256],
    [16_000, 512],
  ] as const) {
    it(`names every call-progress, SIT and fax tone at ${sampleRate} Hz in 32 ms windows`, () => {
      const detector = new TelephonyToneDetector(sampleRate, windowSamples);
      for (const expected of [
        ...CALL_PROGRESS_TONES,
        ...SPECIAL_INFORMATION_TONES,
        FAX_CALLING_TONE,
        FAX_ANSWER_TONE,
      ]) {
        const window = tone(
          sampleRate,
          windowSamples,
          expected.frequenciesHz.map((frequency) => [frequency, 3000]),
        );
        expect(detector.detect(window)).toBe(expected);
      }
    });
  }

  it('recognises call-progress tones as tones in 20 ms windows, too short to name them all', () => {
    const detector = new TelephonyToneDetector(8000, 160);
    for (const expected of CALL_PROGRESS_TONES) {
      const window = tone(
        8000,
        160,
        expected.frequenciesHz.map((frequency) => [frequency, 3000]),
      );
      expect(detector.detect(window)?.kind).toMatch(/dial|ringback|busy|call-progress/);
    }
  });

  it('accepts a key 1.5 % off its frequencies and refuses one 3.5 % off (ITU-T Q.24)', () => {
    const detector = new TelephonyToneDetector(8000, 256);
    const off = (deviation: number) =>
      tone(8000, 256, [
        [941 * (1 + deviation), ROW_AMPLITUDE],
        [1633 * (1 + deviation), COLUMN_AMPLITUDE],
      ]);
    expect(detector.detect(off(0.015))?.digit).toBe('D');
    expect(detector.detect(off(-0.015))?.digit).toBe('D');
    expect(detector.detect(off(0.035))).toBeUndefined();
    expect(detector.detect(off(-0.035))).toBeUndefined();
  });

  it('accepts a fax calling tone anywhere in its ±38 Hz tolerance', () => {
    const detector = new TelephonyToneDetector(8000, 256);
    for (const frequency of [1062, 1100, 1138]) {
      expect(detector.detect(tone(8000, 256, [[frequency, 4000]]))).toBe(FAX_CALLING_TONE);
    }
  });

  it('refuses a key whose levels are further apart than the twist limits', () => {
    const detector = new TelephonyToneDetector(8000, 256);
    const key = (columnOverRowDb: number) =>
      tone(8000, 256, [
        [852, 5000],
        [1477, 5000 * 10 ** (columnOverRowDb / 20)],
      ]);
    expect(detector.detect(key(6))?.digit).toBe('9');
    expect(detector.detect(key(-3))?.digit).toBe('9');
    expect(detector.detect(key(10))).toBeUndefined();
    expect(detector.detect(key(-6))).toBeUndefined();
  });

  it('refuses a key with second harmonics, as a voice would have', () => {
    const detector = new TelephonyToneDetector(8000, 256);
    const clean = tone(8000, 256, [
      [697, ROW_AMPLITUDE],
      [1209, COLUMN_AMPLITUDE],
    ]);
    const withHarmonics = tone(8000, 256, [
      [697, ROW_AMPLITUDE],
      [1209, COLUMN_AMPLITUDE],
      [2 * 1209, COLUMN_AMPLITUDE / 4],
    ]);
    expect(detector.detect(clean)?.digit).toBe('1');
    expect(detector.detect(withHarmonics)).toBeUndefined();
  });

  it('finds no tone in speech, music or noise', () => {
    for (const name of [
      'yes-8k',
      'sentence-8k',
      'speech-8k',
      'speech-16k',
      'speech-in-noise-8k',
      'music-8k',
      'yes-over-music-8k',
      'noise-8k',
      'noise-16k',
    ]) {
      expect({ name, tones: tonesIn(name).filter(Boolean).length }).toEqual({ name, tones: 0 });
    }
  });

  it('finds no tone while a voice is louder than the key beep under it', () => {
    const { audio } = fixture('yes-8k');
    const detector = new TelephonyToneDetector(8000, 256);
    const keyBeep = tone(8000, 256, [
      [770, 1000],
      [1336, 1000],
    ]);
    let voicedWindows = 0;
    // the word's loudest windows, each with the same quiet key beep added
    for (let offset = 0; offset + 256 <= audio.length; offset += 256) {
      const word = audio.subarray(offset, offset + 256);
      const wordEnergy = word.reduce((sum, sample) => sum + sample * sample, 0);
      if (wordEnergy / 256 < 1200 ** 2) continue;
      voicedWindows++;
      const mixed = word.map((sample, index) => sample + keyBeep[index]!);
      expect(detector.detect(mixed)).toBeUndefined();
    }
    expect(detector.detect(keyBeep)?.digit).toBe('5');
    expect(voicedWindows).toBeGreaterThan(3);
  });

  it('reads the keys of the DTMF fixture in order', () => {
    const digits = tonesIn('dtmf-8k').map((found) => found?.digit);
    expect(runs(digits)).toEqual(['1', '#', '5', '*', '0', '9']);
  });

  for (const [name, kind] of [
    ['ringback-8k', 'ringback'],
    ['busy-8k', 'busy'],
    ['sit-8k', 'special-information'],
    ['cng-8k', 'fax-calling'],
    ['ced-8k', 'fax-answer'],
  ] as const) {
    it(`recognises the ${kind} tone of ${name} and nothing else there`, () => {
      const kinds = tonesIn(name).map((found) => found?.kind);
      expect(kinds.filter((found) => found === kind).length).toBeGreaterThan(10);
      expect(kinds.filter((found) => found !== undefined && found !== kind)).toEqual([]);
    });
  }

  it('refuses rates below 8 kHz and windows of another size, naming the numbers', () => {
    expect(() => new TelephonyToneDetector(6000, 192)).toThrow(/6000/);
    expect(() => new TelephonyToneDetector(8000, 256, { minPurity: 2 })).toThrow(/minPurity.*2/);
    expect(() => new TelephonyToneDetector(8000, 256).detect(new Int16Array(80))).toThrow(
      /256.*80/,
    );
  });

  it('finds nothing in silence', () => {
    expect(new TelephonyToneDetector(8000, 256).detect(new Int16Array(256))).toBeUndefined();
  });
});
