import { type Clock, systemClock } from '../clock/clock.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import { containSocket } from './socket-containment.js';
import { type WebSocketLike, WebSocketReadyState } from './websocket-like.js';

/** Close code for a call ended by an unexpected failure on our side (RFC 6455 1011). */
export const INTERNAL_ERROR_CLOSE_CODE = 1011;

/** Options of `superviseCall`. */
export interface SuperviseCallOptions {
  /** Where the failure of a call is logged (at error level). Default silent. */
  logger?: Logger;
  /** Fields added to the failure's log line, e.g. `{ callId }` once it is known. */
  describe?: () => Record<string, unknown>;
  /** Bound on the close handshake of a failed call before the socket is dropped, in ms. Default 1000. */
  closeTimeoutMs?: number;
  /** Clock for that bound (tests use a `ManualClock`). Default the system clock. */
  clock?: Clock;
}

/** Default bound on the close handshake of a failed call, in milliseconds. */
export const FAILED_CALL_CLOSE_TIMEOUT_MS = 1000;

/**
 * Runs one call's handler on an accepted socket so that nothing it does can reach the process:
 * the socket is contained (`containSocket`), and an error the handler throws or rejects with is
 * logged with `describe()`'s fields and ends that call only (close 1011; the socket is dropped
 * when the close handshake does not finish within `closeTimeoutMs`). The returned promise never rejects; it resolves when the handler has finished.
 *
 * ```ts
 * wss.on('connection', (socket) => {
 *   void superviseCall(socket, async () => {
 *     const call = await detectProvider(socket, providers);
 *     // … build the transport and run the pipeline
 *   }, { logger });
 * });
 * ```
 */
export async function superviseCall(
  socket: WebSocketLike,
  handler: () => unknown,
  options: SuperviseCallOptions = {},
): Promise<void> {
  const logger = options.logger ?? silentLogger;
  containSocket(socket, { logger });
  try {
    await handler();
  } catch (error) {
    let fields: Record<string, unknown> = {};
    try {
      fields = options.describe?.() ?? {};
    } catch {
      // a failing description must not hide the failure itself
    }
    logger.error({ ...fields, err: error }, 'the call failed; ending it');
    endSocket(socket, options.closeTimeoutMs ?? FAILED_CALL_CLOSE_TIMEOUT_MS, options.clock);
  }
}

function endSocket(socket: WebSocketLike, closeTimeoutMs: number, clock = systemClock): void {
  if (socket.readyState === WebSocketReadyState.CLOSED) return;
  try {
    socket.close(INTERNAL_ERROR_CLOSE_CODE, 'internal error');
  } catch {
    // a socket that cannot close cleanly is dropped below
  }
  if (socket.readyState === WebSocketReadyState.CLOSED) return;
  const timer = clock.setTimeout(() => {
    socket.removeEventListener('close', onClose);
    if (socket.readyState === WebSocketReadyState.CLOSED) return;
    try {
      if (socket.terminate) socket.terminate();
    } catch {
      // already gone
    }
  }, closeTimeoutMs);
  function onClose(): void {
    clock.clearTimeout(timer);
    socket.removeEventListener('close', onClose);
  }
  socket.addEventListener('close', onClose);
}
