/**
 * Conversions between byte buffers and 16-bit little-endian PCM samples (the wire format of
 * L16 payloads and WAV data).
 */

const BYTES_PER_SAMPLE = 2;

/** True when the host stores multi-byte numbers little-endian (every platform Node supports). */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Reads little-endian PCM16 from `bytes`. On little-endian hosts the result is a view of the same
 * memory when `bytes.byteOffset` is even; only an odd offset (common for Node `Buffer`s cut from a
 * shared pool) makes a copy. Throws a `RangeError` when `bytes.length` is odd.
 */
export function int16FromBytes(bytes: Uint8Array): Int16Array {
  if (bytes.length % BYTES_PER_SAMPLE !== 0) {
    throw new RangeError(
      `PCM16 byte length must be even (2 bytes per sample), got ${bytes.length} bytes`,
    );
  }
  const sampleCount = bytes.length / BYTES_PER_SAMPLE;
  if (!HOST_IS_LITTLE_ENDIAN) return int16FromLittleEndianBytesSlow(bytes, sampleCount);
  if (bytes.byteOffset % BYTES_PER_SAMPLE === 0) {
    return new Int16Array(bytes.buffer, bytes.byteOffset, sampleCount);
  }
  // `new Uint8Array(bytes)` always copies (a Buffer's `slice()` would not), into a fresh buffer.
  return new Int16Array(new Uint8Array(bytes).buffer, 0, sampleCount);
}

/**
 * The little-endian bytes of `pcm`. On little-endian hosts this is a view of the same memory (no
 * copy); on big-endian hosts it is a byte-swapped copy.
 */
export function bytesFromInt16(pcm: Int16Array): Uint8Array {
  if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const bytes = new Uint8Array(pcm.byteLength);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < pcm.length; index++) {
    view.setInt16(index * BYTES_PER_SAMPLE, pcm[index]!, true);
  }
  return bytes;
}

function int16FromLittleEndianBytesSlow(bytes: Uint8Array, sampleCount: number): Int16Array {
  const pcm = new Int16Array(sampleCount);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let index = 0; index < sampleCount; index++) {
    pcm[index] = view.getInt16(index * BYTES_PER_SAMPLE, true);
  }
  return pcm;
}
