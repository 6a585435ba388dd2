/** A sine tone as PCM16. */
export function tone(
  frequencyHz: number,
  sampleRate: number,
  durationMs: number,
  amplitude = 8000,
): Int16Array {
  const length = Math.round((sampleRate * durationMs) / 1000);
  return Int16Array.from({ length }, (_, index) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / sampleRate)),
  );
}

/** Joins PCM chunks. */
export function concatPcm(chunks: readonly Int16Array[]): Int16Array {
  const joined = new Int16Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/**
 * Signal-to-noise ratio of `actual` against `expected`, sample by sample, in dB, over
 * `[from, to)` (edges skipped where filters start and stop).
 */
export function snrDb(expected: Int16Array, actual: Int16Array, from: number, to: number): number {
  if (to > expected.length || to > actual.length || from >= to) {
    throw new RangeError(
      `cannot compare [${from}, ${to}) of ${expected.length} and ${actual.length} samples`,
    );
  }
  let signal = 0;
  let noise = 0;
  for (let index = from; index < to; index++) {
    const reference = expected[index]!;
    const difference = reference - actual[index]!;
    signal += reference * reference;
    noise += difference * difference;
  }
  return noise === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
}

/** Little-endian bytes of PCM16 samples. */
export function littleEndianBytes(pcm: Int16Array): Uint8Array {
  const bytes = new Uint8Array(pcm.length * 2);
  const view = new DataView(bytes.buffer);
  for (const [index, sample] of pcm.entries()) view.setInt16(index * 2, sample, true);
  return bytes;
}

/** PCM16 samples from little-endian bytes. */
export function samplesFromLittleEndian(bytes: Uint8Array): Int16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int16Array.from({ length: bytes.byteLength / 2 }, (_, index) =>
    view.getInt16(index * 2, true),
  );
}
