import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** WebSocket opcodes (RFC 6455 §5.2). */
export const WEBSOCKET_OPCODE = Object.freeze({ text: 0x1, binary: 0x2, close: 0x8 } as const);

/** Largest payload length that fits the 7-bit length field. */
const SHORT_PAYLOAD_MAX_BYTES = 125;
/** Largest payload length that fits the 16-bit extended length field. */
const MEDIUM_PAYLOAD_MAX_BYTES = 65_535;
/** Bytes that are not UTF-8: a lone continuation byte, an invalid start byte, a cut sequence. */
const INVALID_UTF8_BYTES = Uint8Array.of(0xff, 0xfe, 0xc3, 0x28, 0x80);

/** The header of one client frame of `payloadBytes`: final, masked (the mask follows it). */
function frameHeader(opcode: number, payloadBytes: number): Buffer {
  if (payloadBytes <= SHORT_PAYLOAD_MAX_BYTES) {
    return Buffer.from([0x80 | opcode, 0x80 | payloadBytes]);
  }
  if (payloadBytes <= MEDIUM_PAYLOAD_MAX_BYTES) {
    return Buffer.from([0x80 | opcode, 0x80 | 126, payloadBytes >> 8, payloadBytes & 0xff]);
  }
  const header = Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(payloadBytes), 2);
  return header;
}

/** Options of `RawWebSocketClient.open`. */
export interface RawWebSocketOpenOptions {
  /** Extra request headers (e.g. `origin`, a provider signature). */
  headers?: Record<string, string>;
  /** The `Host` header; default `127.0.0.1:<port>`. An empty string sends none. */
  host?: string;
}

/**
 * A WebSocket client for robustness tests: it writes hand-built frames and ignores what the
 * server says, so it can do what no well-behaved client (and no provider) would: send invalid
 * UTF-8 text, frames over the server's `maxPayload`, frames after the server's close, half
 * frames, or drop the connection without a close frame.
 *
 * ```ts
 * const client = await RawWebSocketClient.open(8765, '/ws');
 * client.sendText('x');
 * await client.waitForClose(); // the server refused it
 * client.sendFrame(WEBSOCKET_OPCODE.text, Buffer.from([0xff, 0xfe])); // and still gets this
 * ```
 */
export class RawWebSocketClient {
  /** The TCP connection. */
  readonly socket: Socket;
  /** The HTTP status line the server answered the upgrade with. */
  readonly statusLine: string;
  #received: Buffer;

  private constructor(socket: Socket, statusLine: string, received: Buffer) {
    this.socket = socket;
    this.statusLine = statusLine;
    this.#received = received;
    socket.on('data', (chunk: Buffer) => {
      this.#received = Buffer.concat([this.#received, chunk]);
    });
    socket.on('error', () => {
      // the server may drop us: that is what these clients provoke
    });
  }

  /**
   * Connects to 127.0.0.1:`port` and sends the opening handshake for `path`. Resolves once the
   * server has answered, whatever the answer (check `upgraded` and `statusLine`).
   */
  static async open(
    port: number,
    path: string,
    options: RawWebSocketOpenOptions = {},
  ): Promise<RawWebSocketClient> {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    await once(socket, 'connect');
    const host = options.host ?? `127.0.0.1:${port}`;
    const lines = [
      `GET ${path} HTTP/1.1`,
      ...(host === '' ? [] : [`Host: ${host}`]),
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    let answer = Buffer.alloc(0);
    while (answer.indexOf('\r\n\r\n') === -1) {
      const [chunk] = (await once(socket, 'data')) as [Buffer];
      answer = Buffer.concat([answer, chunk]);
    }
    const headerEnd = answer.indexOf('\r\n\r\n');
    const statusLine = answer.subarray(0, answer.indexOf('\r\n')).toString('latin1');
    return new RawWebSocketClient(socket, statusLine, answer.subarray(headerEnd + 4));
  }

  /** True when the server answered `101 Switching Protocols`. */
  get upgraded(): boolean {
    return / 101 /.test(this.statusLine);
  }

  /** The HTTP status the server answered the upgrade with. */
  get status(): number {
    return Number(this.statusLine.split(' ')[1]);
  }

  /** Bytes received since the handshake (frames, or the refusal's body). */
  get received(): Buffer {
    return this.#received;
  }

  /** True once the server has closed the TCP connection. */
  get closed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  /** Sends one masked frame with `opcode` and `payload`, exactly as given. */
  sendFrame(opcode: number, payload: Uint8Array): void {
    if (this.socket.destroyed) return;
    const mask = randomBytes(4);
    const masked = Buffer.from(payload);
    for (let index = 0; index < masked.length; index++) masked[index]! ^= mask[index % 4]!;
    this.socket.write(Buffer.concat([frameHeader(opcode, payload.byteLength), mask, masked]));
  }

  /**
   * Sends only the header and mask of a frame that announces `payloadBytes` of payload, and no
   * payload: a server whose `maxPayload` is smaller refuses it on the header alone, so a huge
   * frame costs nothing to send.
   */
  sendFrameHeader(opcode: number, payloadBytes: number): void {
    if (this.socket.destroyed) return;
    this.socket.write(Buffer.concat([frameHeader(opcode, payloadBytes), randomBytes(4)]));
  }

  /** Sends a text frame of `text` (UTF-8). */
  sendText(text: string): void {
    this.sendFrame(WEBSOCKET_OPCODE.text, Buffer.from(text, 'utf8'));
  }

  /** Sends a text frame whose bytes are not UTF-8. */
  sendInvalidUtf8(): void {
    this.sendFrame(WEBSOCKET_OPCODE.text, INVALID_UTF8_BYTES);
  }

  /** Resolves once the server has sent a close frame (opcode 8), or `timeoutMs` passed. */
  async waitForCloseFrame(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#hasCloseFrame()) return true;
      if (this.closed) return this.#hasCloseFrame();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return false;
  }

  /** Resolves once the server has closed the TCP connection, or `timeoutMs` passed. */
  async waitForClose(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.closed;
  }

  /** Drops the connection without a close frame (the TCP connection ends normally). */
  destroy(): void {
    this.socket.destroy();
  }

  /** Drops the connection without a close frame, with a TCP reset: the server sees an error. */
  reset(): void {
    if (!this.socket.destroyed) this.socket.resetAndDestroy();
  }

  /** Walks the received frames (the server does not mask) looking for a close frame. */
  #hasCloseFrame(): boolean {
    const bytes = this.#received;
    let offset = 0;
    while (offset + 2 <= bytes.length) {
      const opcode = bytes[offset]! & 0x0f;
      let length = bytes[offset + 1]! & 0x7f;
      let headerBytes = 2;
      if (length === 126) {
        if (offset + 4 > bytes.length) return false;
        length = bytes.readUInt16BE(offset + 2);
        headerBytes = 4;
      } else if (length === 127) {
        if (offset + 10 > bytes.length) return false;
        length = Number(bytes.readBigUInt64BE(offset + 2));
        headerBytes = 10;
      }
      if (opcode === WEBSOCKET_OPCODE.close) return true;
      offset += headerBytes + length;
    }
    return false;
  }
}
