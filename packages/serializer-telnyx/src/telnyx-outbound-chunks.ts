import type { MediaFormat } from '@x/transport-core';

/** Shortest audio chunk Telnyx accepts in RTP mode, in milliseconds. */
export const MIN_OUTBOUND_CHUNK_MS = 20;

/** Longest audio chunk Telnyx accepts in RTP mode, in milliseconds. */
export const MAX_OUTBOUND_CHUNK_MS = 30_000;

const MILLISECONDS_PER_SECOND = 1000;

/** Bytes per sample on the wire: 1 for G.711, 2 for L16. */
export function bytesPerSampleOf(format: MediaFormat): number {
  return format.encoding === 'L16' ? 2 : 1;
}

/** Wire bytes holding `milliseconds` of audio in `format` (whole samples, rounded up). */
export function wireBytesFor(format: MediaFormat, milliseconds: number): number {
  const samples = Math.ceil((format.sampleRate * milliseconds) / MILLISECONDS_PER_SECOND);
  return samples * bytesPerSampleOf(format) * format.channels;
}

/** Milliseconds of audio in `byteLength` wire bytes of `format`. */
export function wireMillisecondsOf(format: MediaFormat, byteLength: number): number {
  const samples = byteLength / (bytesPerSampleOf(format) * format.channels);
  return (samples * MILLISECONDS_PER_SECOND) / format.sampleRate;
}

/**
 * Keeps outbound media chunks at or above Telnyx's 20 ms minimum.
 *
 * A chunk of at least 20 ms passes through untouched (no copy). A shorter one (the last piece of
 * an utterance, or the first output of a resampler) is kept and sent in front of the next audio;
 * the memory held is at most 20 ms of audio per call. `clear()` drops it (interruption).
 */
export class OutboundChunkBuffer {
  /** Bytes in 20 ms of the bot audio format. */
  readonly minimumChunkBytes: number;
  /** Bytes in 30 s of the bot audio format. */
  readonly maximumChunkBytes: number;
  readonly #pending: Uint8Array;
  #pendingLength = 0;

  constructor(format: MediaFormat) {
    this.minimumChunkBytes = wireBytesFor(format, MIN_OUTBOUND_CHUNK_MS);
    this.maximumChunkBytes = wireBytesFor(format, MAX_OUTBOUND_CHUNK_MS);
    this.#pending = new Uint8Array(this.minimumChunkBytes);
  }

  /** Bytes kept back, waiting for more audio (always fewer than `minimumChunkBytes`). */
  get pendingBytes(): number {
    return this.#pendingLength;
  }

  /**
   * Adds encoded audio; returns the bytes to send now (at least 20 ms), or `undefined` when the
   * audio is kept until more arrives.
   */
  take(encoded: Uint8Array): Uint8Array | undefined {
    const pendingLength = this.#pendingLength;
    if (pendingLength === 0 && encoded.byteLength >= this.minimumChunkBytes) return encoded;
    const total = pendingLength + encoded.byteLength;
    if (total < this.minimumChunkBytes) {
      this.#pending.set(encoded, pendingLength);
      this.#pendingLength = total;
      return undefined;
    }
    const chunk = new Uint8Array(total);
    chunk.set(this.#pending.subarray(0, pendingLength), 0);
    chunk.set(encoded, pendingLength);
    this.#pendingLength = 0;
    return chunk;
  }

  /** Drops the kept audio. */
  clear(): void {
    this.#pendingLength = 0;
  }
}
