/**
 * G.711 A-law (PCMA) ⇄ 16-bit linear PCM, table-driven.
 *
 * Decoding follows G.711 Table 1a (ITU-T G.191 STL `alaw_expand`, identical to CPython audioop).
 * Encoding matches ITU-T G.191 STL `alaw_compress` on every 16-bit input (CPython audioop
 * `lin2alaw` gives the same bytes). The STL encoder depends only on `x >> 4`, so the encode table
 * has 4096 entries (4 KiB).
 */

/** The A-law code used for silence (decodes to +8, the smallest positive level). */
export const ALAW_SILENCE_BYTE = 0xd5;

/** Number of 12-bit input steps the encoder distinguishes (16-bit input shifted right by 4). */
const ALAW_ENCODE_TABLE_SIZE = 1 << 12;
/** Even-bit inversion applied to every A-law code for transmission. */
const ALAW_EVEN_BIT_INVERSION = 0x55;

function decodeAlawCode(code: number): number {
  const inverted = (code ^ ALAW_EVEN_BIT_INVERSION) & 0x7f;
  const exponent = inverted >> 4;
  let mantissa = inverted & 0x0f;
  if (exponent > 0) mantissa += 16;
  mantissa = (mantissa << 4) + 8;
  if (exponent > 1) mantissa <<= exponent - 1;
  return code > 127 ? mantissa : -mantissa;
}

/** ITU-T G.191 STL `alaw_compress` for one 16-bit sample, written as the reference states it. */
function encodeAlawSample(sample: number): number {
  let magnitude = sample < 0 ? ~sample >> 4 : sample >> 4;
  if (magnitude > 15) {
    let exponent = 1;
    while (magnitude > 31) {
      magnitude >>= 1;
      exponent++;
    }
    magnitude -= 16;
    magnitude += exponent << 4;
  }
  if (sample >= 0) magnitude |= 0x80;
  return magnitude ^ ALAW_EVEN_BIT_INVERSION;
}

const ALAW_DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) table[code] = decodeAlawCode(code);
  return table;
})();

let alawEncodeTable: Uint8Array | undefined;

/** Encode table indexed by `(sample >> 4) & 0xfff`, built on first use. */
function getAlawEncodeTable(): Uint8Array {
  if (alawEncodeTable) return alawEncodeTable;
  const table = new Uint8Array(ALAW_ENCODE_TABLE_SIZE);
  for (let index = 0; index < ALAW_ENCODE_TABLE_SIZE; index++) {
    // Any sample whose top 12 bits are `index` encodes the same; take the one with low bits 0.
    const sample = (index << 20) >> 16;
    table[index] = encodeAlawSample(sample);
  }
  alawEncodeTable = table;
  return table;
}

/** Decodes A-law bytes to 16-bit linear PCM (one sample per byte). */
export function alawToPcm(alaw: Uint8Array): Int16Array {
  const length = alaw.length;
  const pcm = new Int16Array(length);
  const table = ALAW_DECODE_TABLE;
  for (let index = 0; index < length; index++) pcm[index] = table[alaw[index]!]!;
  return pcm;
}

/** Encodes 16-bit linear PCM to A-law bytes, exactly as ITU-T G.191 STL `alaw_compress`. */
export function pcmToAlaw(pcm: Int16Array): Uint8Array {
  const length = pcm.length;
  const alaw = new Uint8Array(length);
  const table = getAlawEncodeTable();
  for (let index = 0; index < length; index++) alaw[index] = table[(pcm[index]! >> 4) & 0xfff]!;
  return alaw;
}
