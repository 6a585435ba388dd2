/** WebSocket ready states, as in the WHATWG and `ws` APIs. */
export const WebSocketReadyState = Object.freeze({
  CONNECTING: 0,
  OPEN: 1,
  CLOSING: 2,
  CLOSED: 3,
} as const);

/** A `message` event: `data` is a string for text frames, bytes for binary frames. */
export interface WebSocketMessageEventLike {
  readonly data: unknown;
}

/** A `close` event. */
export interface WebSocketCloseEventLike {
  readonly code?: number;
  readonly reason?: string | { toString(): string };
}

/**
 * The socket shape the transport needs: a `ws` WebSocket or any WHATWG-shaped WebSocket
 * (Deno, undici, Cloudflare Workers, browsers). Only these members are used.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Bytes queued but not yet written to the network, when the runtime reports it. */
  readonly bufferedAmount?: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Drops the connection without a close handshake (`ws` only); used when close hangs. */
  terminate?(): void;
  addEventListener(type: 'message', listener: (event: WebSocketMessageEventLike) => void): void;
  addEventListener(type: 'close', listener: (event: WebSocketCloseEventLike) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
  removeEventListener(type: 'message', listener: (event: WebSocketMessageEventLike) => void): void;
  removeEventListener(type: 'close', listener: (event: WebSocketCloseEventLike) => void): void;
  removeEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/**
 * Normalises a message event's data to a string (text frame) or bytes (binary frame).
 * `ws` gives strings for text with `addEventListener`, and `Buffer`, `ArrayBuffer` or an array
 * of `Buffer`s for binary; browsers may give `ArrayBuffer`.
 * @throws TypeError for data of another type (e.g. a `Blob`: set `binaryType = 'arraybuffer'`).
 */
export function messageDataOf(data: unknown): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data) && data.every((part) => part instanceof Uint8Array)) {
    return Buffer.concat(data as Uint8Array[]);
  }
  throw new TypeError(
    `unsupported WebSocket message data (${Object.prototype.toString.call(data)}); set binaryType to "arraybuffer" or "nodebuffer"`,
  );
}
