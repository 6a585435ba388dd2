import { describe, expect, it } from 'vitest';
import { GoertzelFilterBank } from '../vad/tones/goertzel-filter-bank.js';
import {
  DTMF_COLUMN_FREQUENCIES_HZ,
  DTMF_ROW_FREQUENCIES_HZ,
} from '../vad/tones/telephony-tone.js';
import {
  DTMF_EDGE_RAMP_MS,
  DTMF_TONE_LEVEL_DBM0,
  DtmfToneGenerator,
  FULL_SCALE_SINE_DBM0,
  resolveDtmfToneOptions,
  sineAmplitudeAtDbm0,
} from './dtmf-tone-generator.js';

const DTMF_FREQUENCIES_HZ = [...DTMF_ROW_FREQUENCIES_HZ, ...DTMF_COLUMN_FREQUENCIES_HZ];
const KEYPAD = ['123A', '456B', '789C', '*0#D'];

function energyOf(samples: Int16Array): number {
  let energy = 0;
  for (const sample of samples) energy += sample * sample;
  return energy;
}

/** Share of the window's energy at each DTMF frequency (rows, then columns). */
function dtmfShares(window: Int16Array, sampleRate: number): number[] {
  const bank = new GoertzelFilterBank(
    sampleRate,
    window.length,
    DTMF_FREQUENCIES_HZ.map((frequencyHz) => ({ frequencyHz, blockMs: 100 })),
  );
  const energy = energyOf(window);
  return DTMF_FREQUENCIES_HZ.map((_, index) => bank.powerShare(window, index, energy));
}

describe('DtmfToneGenerator', () => {
  it.each([8000, 16_000, 48_000])(
    'plays each of the 16 keys as its ITU-T Q.23 row and column frequencies at %i Hz',
    (sampleRate) => {
      const generator = new DtmfToneGenerator(sampleRate);
      const toneSamples = sampleRate / 10;
      // the tone between its fades in and out
      const fadeSamples = (sampleRate * DTMF_EDGE_RAMP_MS) / 1000;
      KEYPAD.forEach((keys, row) => {
        [...keys].forEach((digit, column) => {
          const tone = generator.generate(digit).subarray(fadeSamples, toneSamples - fadeSamples);
          const shares = dtmfShares(tone, sampleRate);
          const rowShare = shares[row]!;
          const columnShare = shares[DTMF_ROW_FREQUENCIES_HZ.length + column]!;
          expect(rowShare, `row of ${digit}`).toBeCloseTo(0.5, 1);
          expect(columnShare, `column of ${digit}`).toBeCloseTo(0.5, 1);
          expect(rowShare + columnShare, `purity of ${digit}`).toBeGreaterThan(0.98);
        });
      });
    },
  );

  it('sounds each key for 100 ms, then 100 ms of silence, by default', () => {
    const generator = new DtmfToneGenerator(8000);
    const keys = generator.generate('42#');
    expect(generator.samplesPerKey).toBe(1600);
    expect(keys.length).toBe(3 * 1600);
    for (let key = 0; key < 3; key++) {
      const start = key * 1600;
      // every 10 ms of the tone carries it; the gap is exact silence
      for (let window = 0; window < 10; window++) {
        const tenMs = keys.subarray(start + window * 80, start + (window + 1) * 80);
        expect(energyOf(tenMs), `key ${key}, 10 ms window ${window}`).toBeGreaterThan(0);
      }
      expect(keys.subarray(start + 800, start + 1600).every((sample) => sample === 0)).toBe(true);
    }
  });

  it('follows configured timing', () => {
    const generator = new DtmfToneGenerator(16_000, { toneMs: 60, gapMs: 40 });
    const key = generator.generate('5');
    expect(key.length).toBe(1600);
    expect(energyOf(key.subarray(940, 960))).toBeGreaterThan(0);
    expect(key.subarray(960).every((sample) => sample === 0)).toBe(true);
  });

  it('sends each frequency at about −10 dBm0 and never clips', () => {
    const sampleRate = 8000;
    const tone = new DtmfToneGenerator(sampleRate).generate('8').subarray(0, 800);
    const shares = dtmfShares(tone, sampleRate);
    const energy = energyOf(tone);
    for (const index of [2, DTMF_ROW_FREQUENCIES_HZ.length + 1]) {
      // a sine's power is amplitude² / 2; full scale is +3.17 dBm0
      const amplitude = Math.sqrt((2 * shares[index]! * energy) / tone.length);
      const levelDbm0 = 20 * Math.log10(amplitude / 32_767) + FULL_SCALE_SINE_DBM0;
      expect(levelDbm0).toBeCloseTo(DTMF_TONE_LEVEL_DBM0, 0);
    }
    const peak = Math.max(...tone.map(Math.abs));
    expect(peak).toBeLessThan(32_767 / 2);
  });

  it('fades each tone in and out over DTMF_EDGE_RAMP_MS: no step into or out of silence', () => {
    const sampleRate = 8000;
    const generator = new DtmfToneGenerator(sampleRate);
    const toneSamples = sampleRate / 10;
    const peak = 2 * sineAmplitudeAtDbm0(DTMF_TONE_LEVEL_DBM0);
    for (const digit of '123A456B789C*0#D') {
      const key = generator.generate(digit);
      // the largest jump at either edge is a small part of the tone's peak…
      const intoTone = Math.abs(key[0]!);
      const outOfTone = Math.abs(key[toneSamples - 1]!);
      expect(Math.max(intoTone, outOfTone), digit).toBeLessThan(0.05 * peak);
      // …and inside the tone no sample jumps further than a full-level sine can move in one step
      let largestStep = 0;
      for (let index = 1; index < key.length; index++) {
        largestStep = Math.max(largestStep, Math.abs(key[index]! - key[index - 1]!));
      }
      expect(largestStep, digit).toBeLessThan(peak);
    }
    // the tone's level is as set: the fades take under 1 % of its energy
    const steady = new DtmfToneGenerator(sampleRate, { toneMs: 100 }).generate('5');
    const fullLevel = energyOf(steady.subarray(toneSamples / 2 - 80, toneSamples / 2 + 80)) * 5;
    expect(energyOf(steady.subarray(0, toneSamples)) / fullLevel).toBeGreaterThan(0.97);
  });

  it('takes an array of keys as well as a string', () => {
    const generator = new DtmfToneGenerator(8000);
    expect(generator.generate(['1', '#'])).toEqual(generator.generate('1#'));
  });

  it('refuses a digit that is not a DTMF key, naming it', () => {
    expect(() => new DtmfToneGenerator(8000).generate('1x')).toThrow(/"x"/);
  });

  it('refuses timing below what receivers accept, levels that clip and rates too low', () => {
    expect(() => resolveDtmfToneOptions({ toneMs: 30 })).toThrow(/toneMs.*40.*30/);
    expect(() => resolveDtmfToneOptions({ gapMs: Number.NaN })).toThrow(/gapMs/);
    expect(() => resolveDtmfToneOptions({ levelDbm0: 0 })).toThrow(/levelDbm0.*0/);
    expect(() => new DtmfToneGenerator(3000)).toThrow(/3000/);
  });
});
