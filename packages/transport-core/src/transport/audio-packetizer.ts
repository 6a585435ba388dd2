/**
 * Re-cuts binary audio payloads into packets of exactly `packetBytes` (e.g. 640 bytes = 20 ms of
 * 16 kHz PCM16), keeping the remainder for the next payload.
 */
export class AudioPacketizer {
  readonly packetBytes: number;
  #pending: Uint8Array;
  #pendingLength = 0;

  constructor(packetBytes: number) {
    if (!Number.isInteger(packetBytes) || packetBytes < 1) {
      throw new RangeError(`packet size must be an integer ≥ 1 byte, got ${packetBytes}`);
    }
    this.packetBytes = packetBytes;
    this.#pending = new Uint8Array(packetBytes);
  }

  /** Bytes waiting for the next packet. */
  get pendingBytes(): number {
    return this.#pendingLength;
  }

  /** Adds a payload; calls `send` with each packet it completes. */
  push(payload: Uint8Array, send: (packet: Uint8Array) => void): void {
    const size = this.packetBytes;
    let offset = 0;
    if (this.#pendingLength > 0) {
      const taken = Math.min(size - this.#pendingLength, payload.length);
      this.#pending.set(payload.subarray(0, taken), this.#pendingLength);
      this.#pendingLength += taken;
      offset = taken;
      if (this.#pendingLength < size) return;
      send(this.#pending);
      this.#pending = new Uint8Array(size);
      this.#pendingLength = 0;
    }
    for (; offset + size <= payload.length; offset += size) {
      send(payload.slice(offset, offset + size));
    }
    if (offset < payload.length) {
      this.#pending.set(payload.subarray(offset), 0);
      this.#pendingLength = payload.length - offset;
    }
  }

  /** Sends the remainder padded with zeros to a full packet (end of an utterance or call). */
  flush(send: (packet: Uint8Array) => void): void {
    if (this.#pendingLength === 0) return;
    const packet = this.#pending;
    packet.fill(0, this.#pendingLength);
    this.#pending = new Uint8Array(this.packetBytes);
    this.#pendingLength = 0;
    send(packet);
  }

  /** Drops the remainder (after an interruption). */
  reset(): void {
    this.#pendingLength = 0;
  }
}
