/**
 * Reference G.711 encoders written literally from shared/reference/telephony-protocols.md §5.1 and
 * §5.2, one sample at a time, for exhaustive comparison in tests. Not used by the library.
 */

/** ITU-T G.191 STL `ulaw_compress` (the encoder `pcmToUlaw` matches). */
export function stlUlawCompress(x: number): number {
  let absno = (x < 0 ? ~x >> 2 : x >> 2) + 33;
  if (absno > 0x1fff) absno = 0x1fff;
  let segno = 1;
  let i = absno >> 6;
  while (i !== 0) {
    segno++;
    i >>= 1;
  }
  const high = 8 - segno;
  const low = 0x0f - ((absno >> segno) & 0x0f);
  let code = (high << 4) | low;
  if (x >= 0) code |= 0x80;
  return code;
}

/** ITU-T G.191 STL `alaw_compress` (the encoder `pcmToAlaw` matches). */
export function stlAlawCompress(x: number): number {
  let ix = x < 0 ? ~x >> 4 : x >> 4;
  if (ix > 15) {
    let iexp = 1;
    while (ix > 31) {
      ix >>= 1;
      iexp++;
    }
    ix -= 16;
    ix += iexp << 4;
  }
  if (x >= 0) ix |= 0x80;
  return ix ^ 0x55;
}

const AUDIOOP_ULAW_SEGMENT_ENDS = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const AUDIOOP_ALAW_SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function segmentOf(value: number, ends: readonly number[]): number {
  for (let segment = 0; segment < ends.length; segment++)
    if (value <= ends[segment]!) return segment;
  return ends.length;
}

/** CPython audioop `lin2ulaw` (`st_14linear2ulaw`), the encoder Pipecat uses. */
export function audioopLin2ulaw(x: number): number {
  let v = x >> 2;
  let mask: number;
  if (v < 0) {
    v = -v;
    mask = 0x7f;
  } else {
    mask = 0xff;
  }
  v += 33;
  const segment = segmentOf(v, AUDIOOP_ULAW_SEGMENT_ENDS);
  if (segment >= 8) return 0x7f ^ mask;
  return ((segment << 4) | ((v >> (segment + 1)) & 0xf)) ^ mask;
}

/** CPython audioop `lin2alaw` (`st_linear2alaw`). */
export function audioopLin2alaw(x: number): number {
  let v = x >> 3;
  let mask: number;
  if (v >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    v = -v - 1;
  }
  const segment = segmentOf(v, AUDIOOP_ALAW_SEGMENT_ENDS);
  if (segment >= 8) return 0x7f ^ mask;
  let code = segment << 4;
  code |= segment < 2 ? (v >> 1) & 0xf : (v >> segment) & 0xf;
  return code ^ mask;
}
