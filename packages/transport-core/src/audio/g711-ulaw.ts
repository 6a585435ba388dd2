/**
 * G.711 μ-law (PCMU) ⇄ 16-bit linear PCM, table-driven.
 *
 * Decoding follows G.711 Table 2a (identical in ITU-T G.191 STL `ulaw_expand`, CPython audioop
 * and Sun/Reese). Encoding matches ITU-T G.191 STL `ulaw_compress` on every 16-bit input. The
 * STL encoder depends only on `x >> 2`, so the encode table has 16 384 entries (16 KiB).
 */

/** The μ-law code for silence (decodes to 0). */
export const ULAW_SILENCE_BYTE = 0xff;

/** Number of 14-bit input steps the encoder distinguishes (16-bit input shifted right by 2). */
const ULAW_ENCODE_TABLE_SIZE = 1 << 14;
/** Bias added to the 14-bit magnitude before finding the segment (G.711: 33). */
const ULAW_BIAS_14_BIT = 33;
/** Largest biased 14-bit magnitude; larger inputs clip to it. */
const ULAW_MAX_BIASED_MAGNITUDE = 0x1fff;
/** Bias on the 16-bit decode scale (33 << 2). */
const ULAW_BIAS_16_BIT = 0x84;

function decodeUlawCode(code: number): number {
  const complemented = ~code & 0xff;
  const exponent = (complemented >> 4) & 0x07;
  const mantissa = complemented & 0x0f;
  const magnitude = (((mantissa << 3) + ULAW_BIAS_16_BIT) << exponent) - ULAW_BIAS_16_BIT;
  return complemented & 0x80 ? -magnitude : magnitude;
}

/** ITU-T G.191 STL `ulaw_compress` for one 16-bit sample, written as the reference states it. */
function encodeUlawSample(sample: number): number {
  let magnitude = (sample < 0 ? ~sample >> 2 : sample >> 2) + ULAW_BIAS_14_BIT;
  if (magnitude > ULAW_MAX_BIASED_MAGNITUDE) magnitude = ULAW_MAX_BIASED_MAGNITUDE;
  let segment = 1;
  for (let rest = magnitude >> 6; rest !== 0; rest >>= 1) segment++;
  const high = 8 - segment;
  const low = 0x0f - ((magnitude >> segment) & 0x0f);
  const code = (high << 4) | low;
  return sample >= 0 ? code | 0x80 : code;
}

const ULAW_DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) table[code] = decodeUlawCode(code);
  return table;
})();

let ulawEncodeTable: Uint8Array | undefined;

/** Encode table indexed by `(sample >> 2) & 0x3fff`, built on first use. */
function getUlawEncodeTable(): Uint8Array {
  if (ulawEncodeTable) return ulawEncodeTable;
  const table = new Uint8Array(ULAW_ENCODE_TABLE_SIZE);
  for (let index = 0; index < ULAW_ENCODE_TABLE_SIZE; index++) {
    // Any sample whose top 14 bits are `index` encodes the same; take the one with low bits 0.
    const sample = (index << 18) >> 16;
    table[index] = encodeUlawSample(sample);
  }
  ulawEncodeTable = table;
  return table;
}

/** Decodes μ-law bytes to 16-bit linear PCM (one sample per byte). */
export function ulawToPcm(ulaw: Uint8Array): Int16Array {
  const length = ulaw.length;
  const pcm = new Int16Array(length);
  const table = ULAW_DECODE_TABLE;
  for (let index = 0; index < length; index++) pcm[index] = table[ulaw[index]!]!;
  return pcm;
}

/** Encodes 16-bit linear PCM to μ-law bytes, exactly as ITU-T G.191 STL `ulaw_compress`. */
export function pcmToUlaw(pcm: Int16Array): Uint8Array {
  const length = pcm.length;
  const ulaw = new Uint8Array(length);
  const table = getUlawEncodeTable();
  for (let index = 0; index < length; index++) ulaw[index] = table[(pcm[index]! >> 2) & 0x3fff]!;
  return ulaw;
}
