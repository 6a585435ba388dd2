import { type Logger, silentLogger } from '../logging/logger.js';
import { type WebSocketLike, WebSocketReadyState } from './websocket-like.js';

/** Options of `containSocket`. */
export interface ContainSocketOptions {
  /** Where a contained error is reported (at debug level: it ends nothing). Default silent. */
  logger?: Logger;
}

const containedSockets = new WeakSet<WebSocketLike>();

/**
 * Keeps an `error` listener on `socket` until the socket has closed, so that an error reported
 * after every other reader let go of it (e.g. an invalid UTF-8 frame, or a frame over
 * `maxPayload`, arriving while a refused socket closes) is logged instead of being thrown by
 * `ws` as an uncaught exception that ends the process. The listener removes itself on `close`.
 *
 * `detectProvider` and `WebSocketTransport` contain every socket they are given; call it yourself
 * for a socket you accept and then close without handing it to either. Calling it again on the
 * same socket does nothing.
 */
export function containSocket(socket: WebSocketLike, options: ContainSocketOptions = {}): void {
  if (containedSockets.has(socket)) return;
  if (socket.readyState === WebSocketReadyState.CLOSED) return;
  containedSockets.add(socket);
  const logger = options.logger ?? silentLogger;
  const onError = (event: unknown): void => {
    const error = (event as { error?: unknown } | undefined)?.error ?? event;
    logger.debug({ err: error }, 'WebSocket error on a socket being closed (contained)');
  };
  const onClose = (): void => {
    socket.removeEventListener('error', onError);
    socket.removeEventListener('close', onClose);
  };
  socket.addEventListener('error', onError);
  socket.addEventListener('close', onClose);
}
