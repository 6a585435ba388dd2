import { readFileSync } from 'node:fs';
import { alaw as alawmulawAlaw, mulaw as alawmulawMulaw } from 'alawmulaw';
import { describe, expect, it } from 'vitest';
import {
  audioopLin2alaw,
  audioopLin2ulaw,
  stlAlawCompress,
  stlUlawCompress,
} from './__fixtures__/g711-reference-encoders.js';
import { ALAW_SILENCE_BYTE, alawToPcm, pcmToAlaw } from './g711-alaw.js';
import { pcmToUlaw, ULAW_SILENCE_BYTE, ulawToPcm } from './g711-ulaw.js';

/** The two 256-entry tables of telephony-protocols.md §5.5, extracted by the script beside them. */
const decodeTables = JSON.parse(
  readFileSync(new URL('./__fixtures__/g711-decode-tables.json', import.meta.url), 'utf8'),
) as { ulaw: number[]; alaw: number[] };

const ALL_CODES = Uint8Array.from({ length: 256 }, (_, code) => code);
const ALL_SAMPLES = Int16Array.from({ length: 65_536 }, (_, index) => index - 32_768);

/** §5.4 "Encode vectors from 16-bit PCM": [sample, μ-law STL column, A-law column]. */
const ENCODE_TABLE_ROWS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0xff, 0xd5],
  [1, 0xff, 0xd5],
  [-1, 0x7f, 0x55],
  [-3, 0x7f, 0x55],
  [4, 0xfe, 0xd5],
  [-4, 0x7f, 0x55],
  [-5, 0x7e, 0x55],
  [8, 0xfe, 0xd5],
  [-8, 0x7e, 0x55],
  [100, 0xf2, 0xd3],
  [-100, 0x73, 0x53],
  [1000, 0xce, 0xfa],
  [-1000, 0x4e, 0x7a],
  [4096, 0xaf, 0x85],
  [-4096, 0x2f, 0x1a],
  [8000, 0xa0, 0x8a],
  [-8000, 0x20, 0x0a],
  [16384, 0x8f, 0xa5],
  [-16384, 0x0f, 0x3a],
  [32635, 0x80, 0xaa],
  [32767, 0x80, 0xaa],
  [-32767, 0x00, 0x2a],
  [-32768, 0x00, 0x2a],
];

function bytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((pair) => Number.parseInt(pair, 16)));
}

describe('G.711 decoding', () => {
  it('decodes all 256 μ-law codes to the reference table (§5.5)', () => {
    expect(decodeTables.ulaw).toHaveLength(256);
    expect(Array.from(ulawToPcm(ALL_CODES))).toEqual(decodeTables.ulaw);
  });

  it('decodes all 256 A-law codes to the reference table (§5.5)', () => {
    expect(decodeTables.alaw).toHaveLength(256);
    expect(Array.from(alawToPcm(ALL_CODES))).toEqual(decodeTables.alaw);
  });

  it('decodes the key vectors of §5.4', () => {
    expect(Array.from(ulawToPcm(bytes('ff7f0080fe7e')))).toEqual([0, 0, -32124, 32124, 8, -8]);
    expect(Array.from(alawToPcm(bytes('d555aa2a00807fff')))).toEqual([
      8, -8, 32256, -32256, -5504, 5504, -848, 848,
    ]);
  });

  it('decodes the CPython test_ulaw2lin vector (14-bit values scaled by 4)', () => {
    const encoded = bytes('000e283f576a767c7e7f808ea8bfd7eaf6fcfeff');
    const expected14Bit = [
      -8031, -4447, -1471, -495, -163, -53, -18, -6, -2, 0, 8031, 4447, 1471, 495, 163, 53, 18, 6,
      2, 0,
    ];
    expect(Array.from(ulawToPcm(encoded))).toEqual(expected14Bit.map((value) => value * 4));
  });

  it('decodes the CPython test_alaw2lin vector (13-bit values scaled by 8)', () => {
    const encoded = bytes('0003242a515455586b717f8083a4aad1d4d5d8ebf1ff');
    const expected13Bit = [
      -688, -720, -2240, -4032, -9, -3, -1, -27, -244, -82, -106, 688, 720, 2240, 4032, 9, 3, 1, 27,
      244, 82, 106,
    ];
    expect(Array.from(alawToPcm(encoded))).toEqual(expected13Bit.map((value) => value * 8));
  });

  it('decodes the small payload fixtures of §5.4', () => {
    expect(Array.from(ulawToPcm(Buffer.from('//5+gAB/', 'base64')))).toEqual([
      0, 8, -8, 32124, -32124, 0,
    ]);
    expect(Array.from(alawToPcm(Buffer.from('1VWqKtRU', 'base64')))).toEqual([
      8, -8, 32256, -32256, 24, -24,
    ]);
    expect(Array.from(Buffer.from('no+JhoaJjpzS', 'base64'))).toEqual(
      Array.from(bytes('9e8f898686898e9cd2')),
    );
  });

  it('decodes exactly like alawmulaw for both laws', () => {
    expect(Array.from(ulawToPcm(ALL_CODES))).toEqual(Array.from(alawmulawMulaw.decode(ALL_CODES)));
    expect(Array.from(alawToPcm(ALL_CODES))).toEqual(Array.from(alawmulawAlaw.decode(ALL_CODES)));
  });

  it('decodes the silence codes to zero (μ-law) and +8 (A-law)', () => {
    expect(ulawToPcm(Uint8Array.of(ULAW_SILENCE_BYTE))[0]).toBe(0);
    expect(alawToPcm(Uint8Array.of(ALAW_SILENCE_BYTE))[0]).toBe(8);
  });
});

describe('G.711 μ-law encoding (ITU-T G.191 STL ulaw_compress)', () => {
  it('equals STL ulaw_compress on all 65,536 inputs', () => {
    const encoded = pcmToUlaw(ALL_SAMPLES);
    const mismatches: number[] = [];
    for (let index = 0; index < ALL_SAMPLES.length; index++) {
      const sample = ALL_SAMPLES[index]!;
      if (encoded[index] !== stlUlawCompress(sample)) mismatches.push(sample);
    }
    expect(mismatches).toEqual([]);
  });

  it('matches the STL column of the §5.4 encode table', () => {
    const inputs = Int16Array.from(ENCODE_TABLE_ROWS, ([sample]) => sample);
    const expected = ENCODE_TABLE_ROWS.map(([, ulaw]) => ulaw);
    expect(Array.from(pcmToUlaw(inputs))).toEqual(expected);
  });

  it('matches CPython test_lin2ulaw on the inputs where audioop and STL agree', () => {
    // 16-bit input (0, 0x1234, 0x4567, -0x4567, 0x7fff, -0x8000) → ff ad 8e 0e 80 00.
    expect(
      Array.from(pcmToUlaw(Int16Array.from([0, 0x1234, 0x4567, -0x4567, 0x7fff, -0x8000]))),
    ).toEqual(Array.from(bytes('ffad8e0e8000')));
    // 8-bit input 00 12 45 bb 7f 80 ff, widened to 16 bits, → ff ad 8e 0e 80 00 67.
    const eightBit = Int8Array.from([0x00, 0x12, 0x45, -0x45, 0x7f, -0x80, -1]);
    const widened = Int16Array.from(eightBit, (value) => value * 256);
    expect(Array.from(pcmToUlaw(widened))).toEqual(Array.from(bytes('ffad8e0e800067')));
  });

  it('differs from CPython audioop (Pipecat) only on 508 negative inputs, by one step', () => {
    const encoded = pcmToUlaw(ALL_SAMPLES);
    const decodedOurs = ulawToPcm(encoded);
    const differing: number[] = [];
    for (let index = 0; index < ALL_SAMPLES.length; index++) {
      const sample = ALL_SAMPLES[index]!;
      const audioopCode = audioopLin2ulaw(sample);
      if (encoded[index] === audioopCode) continue;
      differing.push(sample);
      const audioopLevel = ulawToPcm(Uint8Array.of(audioopCode))[0]!;
      const step = Math.abs(audioopLevel - decodedOurs[index]!);
      expect(step).toBeLessThanOrEqual(1024);
    }
    expect(differing).toHaveLength(508);
    expect(differing.every((sample) => sample < 0)).toBe(true);
    // CPython's 16-bit vector encodes -1 as 0x7e; STL gives 0x7f (both decode to at most 8 away).
    expect(pcmToUlaw(Int16Array.of(-1))[0]).toBe(0x7f);
    expect(audioopLin2ulaw(-1)).toBe(0x7e);
  });

  it('differs from alawmulaw (the Sun/Reese encoder) on 127 negative inputs', () => {
    const encoded = pcmToUlaw(ALL_SAMPLES);
    const alawmulawEncoded = alawmulawMulaw.encode(ALL_SAMPLES);
    const differing = ALL_SAMPLES.filter((_, index) => encoded[index] !== alawmulawEncoded[index]);
    expect(differing).toHaveLength(127);
    expect(Array.from(differing).every((sample) => sample < 0)).toBe(true);
    expect(Array.from(differing)).toContain(-4);
  });

  it('round-trips every code except negative zero (0x7f encodes back to 0xff)', () => {
    const decoded = ulawToPcm(ALL_CODES);
    const reencoded = pcmToUlaw(decoded);
    for (let code = 0; code < 256; code++) {
      expect(reencoded[code], `code 0x${code.toString(16)}`).toBe(code === 0x7f ? 0xff : code);
    }
  });

  it('encodes silence as 0xff', () => {
    expect(Array.from(pcmToUlaw(new Int16Array(4)))).toEqual([0xff, 0xff, 0xff, 0xff]);
  });
});

describe('G.711 A-law encoding (ITU-T G.191 STL alaw_compress)', () => {
  it('equals STL alaw_compress and CPython audioop lin2alaw on all 65,536 inputs', () => {
    const encoded = pcmToAlaw(ALL_SAMPLES);
    const mismatches: number[] = [];
    for (let index = 0; index < ALL_SAMPLES.length; index++) {
      const sample = ALL_SAMPLES[index]!;
      const reference = stlAlawCompress(sample);
      if (encoded[index] !== reference || audioopLin2alaw(sample) !== reference) {
        mismatches.push(sample);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('matches the A-law column of the §5.4 encode table', () => {
    const inputs = Int16Array.from(ENCODE_TABLE_ROWS, ([sample]) => sample);
    const expected = ENCODE_TABLE_ROWS.map(([, , alaw]) => alaw);
    expect(Array.from(pcmToAlaw(inputs))).toEqual(expected);
  });

  it('matches CPython test_lin2alaw for 16-bit and widened 8-bit inputs', () => {
    expect(
      Array.from(pcmToAlaw(Int16Array.from([0, 0x1234, 0x4567, -0x4567, 0x7fff, -0x8000, -1]))),
    ).toEqual(Array.from(bytes('d587a424aa2a55')));
    const eightBit = Int8Array.from([0x00, 0x12, 0x45, -0x45, 0x7f, -0x80, -1]);
    const widened = Int16Array.from(eightBit, (value) => value * 256);
    expect(Array.from(pcmToAlaw(widened))).toEqual(Array.from(bytes('d587a424aa2a5a')));
  });

  it('encodes -16 as 0x55 where alawmulaw gives 0x54 (its negative boundary rounding)', () => {
    expect(pcmToAlaw(Int16Array.of(-16))[0]).toBe(0x55);
    expect(alawmulawAlaw.encodeSample(-16)).toBe(0x54);
  });

  it('round-trips all 256 codes', () => {
    expect(Array.from(pcmToAlaw(alawToPcm(ALL_CODES)))).toEqual(Array.from(ALL_CODES));
  });

  it('encodes silence as 0xd5', () => {
    expect(Array.from(pcmToAlaw(new Int16Array(2)))).toEqual([0xd5, 0xd5]);
  });
});
