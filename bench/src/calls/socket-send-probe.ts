import type { WebSocket } from 'ws';

/** Longest provider control message (`clear`, `mark`), in characters; media messages are longer. */
const MAX_CONTROL_MESSAGE_LENGTH = 160;
/** The event name of a Twilio `clear`, as it appears in the JSON text. */
const CLEAR_EVENT = '"clear"';

/** What a server's outgoing messages are told to. */
export interface SocketSendListener {
  /** An audio (media) message was handed to the socket. */
  audioSent(): void;
  /** A `clear` was handed to the socket. */
  clearSent(): void;
}

/** True for a Twilio `clear` message, text or bytes; cheap on media messages (it runs per send). */
export function isClearMessage(data: unknown): boolean {
  if (typeof data === 'string') {
    return data.length <= MAX_CONTROL_MESSAGE_LENGTH && data.includes(CLEAR_EVENT);
  }
  if (data instanceof Uint8Array && data.byteLength <= MAX_CONTROL_MESSAGE_LENGTH) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(CLEAR_EVENT);
  }
  return false;
}

/**
 * Tells `listener` about every message sent on `socket`, as it is handed over (before `ws`
 * frames it): `clear` messages, and everything else as audio (the pipeline here sends nothing
 * else: no marks).
 */
export function probeSocketSends(socket: WebSocket, listener: SocketSendListener): void {
  const send = socket.send.bind(socket);
  socket.send = ((...args: Parameters<WebSocket['send']>) => {
    if (isClearMessage(args[0])) listener.clearSent();
    else listener.audioSent();
    send(...args);
  }) as WebSocket['send'];
}
