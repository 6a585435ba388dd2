import { type Clock, type WebSocketLike, WebSocketReadyState } from '@x/transport-core';

/** Bound on the close handshake of a refused stream, in milliseconds; then it is dropped. */
export const REFUSED_STREAM_CLOSE_TIMEOUT_MS = 1_000;

/** Longest close reason, in bytes (RFC 6455: 123). */
const MAX_CLOSE_REASON_BYTES = 123;

/** A close reason that fits a close frame: cut (on a character) to at most 123 bytes. */
export function closeReason(text: string): string {
  if (Buffer.byteLength(text) <= MAX_CLOSE_REASON_BYTES) return text;
  let cut = text.slice(0, MAX_CLOSE_REASON_BYTES - 3);
  while (Buffer.byteLength(`${cut}…`) > MAX_CLOSE_REASON_BYTES) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Closes a stream that will not become a call with `code` and `reason`, and drops the connection
 * when the peer does not finish the close handshake within `timeoutMs` (a hostile peer cannot
 * hold the socket, or its place under the limits). Never throws.
 */
export function closeSocket(
  socket: WebSocketLike,
  code: number,
  reason: string,
  clock: Clock,
  timeoutMs = REFUSED_STREAM_CLOSE_TIMEOUT_MS,
): void {
  if (socket.readyState === WebSocketReadyState.CLOSED) return;
  try {
    socket.close(code, closeReason(reason));
  } catch {
    // a socket that cannot close cleanly is dropped below
  }
  if (socket.readyState === WebSocketReadyState.CLOSED) return;
  const timer = clock.setTimeout(() => {
    socket.removeEventListener('close', onClose);
    if (socket.readyState === WebSocketReadyState.CLOSED) return;
    try {
      socket.terminate?.();
    } catch {
      // already gone
    }
  }, timeoutMs);
  function onClose(): void {
    clock.clearTimeout(timer);
    socket.removeEventListener('close', onClose);
  }
  socket.addEventListener('close', onClose);
}
