import { type Clock, systemClock, type TimerHandle } from '../clock/clock.js';

/**
 * Largest inbound WebSocket message a telephony server needs to accept, in bytes. A Twilio media
 * message is about 350 bytes; 64 KiB leaves room for any provider's `start` message while refusing
 * abuse before it is parsed (`ws` closes with 1009 above it; its default is 100 MiB).
 */
export const TELEPHONY_MAX_PAYLOAD_BYTES = 64 * 1024;

/**
 * Recommended options for a `ws` `WebSocketServer` that receives telephony media streams:
 * a small `maxPayload`, and no per-message compression (base64 audio barely compresses, and
 * zlib costs latency, CPU and memory per connection).
 *
 * ```ts
 * const wss = new WebSocketServer({ noServer: true, ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS });
 * ```
 */
export const TELEPHONY_WEBSOCKET_SERVER_OPTIONS = Object.freeze({
  maxPayload: TELEPHONY_MAX_PAYLOAD_BYTES,
  perMessageDeflate: false,
} as const);

/** Default interval between heartbeat pings, in milliseconds. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

/** A server socket as `startHeartbeat` uses it (a `ws` WebSocket). */
export interface HeartbeatSocketLike {
  ping(): void;
  terminate(): void;
  on(event: 'pong' | 'close', listener: () => void): unknown;
  removeListener(event: 'pong' | 'close', listener: () => void): unknown;
}

/** A server as `startHeartbeat` uses it (a `ws` WebSocketServer). */
export interface HeartbeatServerLike {
  readonly clients: Iterable<HeartbeatSocketLike>;
}

/** Options of `startHeartbeat`. */
export interface HeartbeatOptions {
  /** Time between pings, in milliseconds; a client that has not answered the last ping by the next one is dropped. Default 30000. */
  intervalMs?: number;
  /** Clock for the timer (tests use a `ManualClock`). Default the system clock. */
  clock?: Clock;
}

/**
 * Pings every client of a `ws` server at an interval and terminates those that did not answer the
 * previous ping (`ws`'s "detect broken connections" recipe), so a half-open TCP connection ends
 * the call (the transport then fires `clientDisconnected`). One timer per server, not per call.
 * Returns a function that stops the heartbeat and removes its listeners.
 *
 * ```ts
 * const stopHeartbeat = startHeartbeat(wss);
 * wss.on('close', stopHeartbeat);
 * ```
 */
export function startHeartbeat(
  server: HeartbeatServerLike,
  options: HeartbeatOptions = {},
): () => void {
  const intervalMs = options.intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  if (!(intervalMs > 0 && Number.isFinite(intervalMs))) {
    throw new RangeError(`heartbeat intervalMs must be a positive number, got ${intervalMs}`);
  }
  const clock = options.clock ?? systemClock;
  const watched = new Map<HeartbeatSocketLike, { alive: boolean; forget: () => void }>();
  let timer: TimerHandle | undefined;
  let stopped = false;

  const watch = (socket: HeartbeatSocketLike): { alive: boolean; forget: () => void } => {
    const onPong = (): void => {
      const entry = watched.get(socket);
      if (entry) entry.alive = true;
    };
    const forget = (): void => {
      socket.removeListener('pong', onPong);
      socket.removeListener('close', forget);
      watched.delete(socket);
    };
    socket.on('pong', onPong);
    socket.on('close', forget);
    const entry = { alive: true, forget };
    watched.set(socket, entry);
    return entry;
  };

  const beat = (): void => {
    timer = undefined;
    if (stopped) return;
    for (const socket of server.clients) {
      let entry = watched.get(socket);
      if (!entry) {
        entry = watch(socket);
      } else if (!entry.alive) {
        entry.forget();
        socket.terminate();
        continue;
      }
      entry.alive = false;
      try {
        socket.ping();
      } catch {
        // a socket still connecting or already closing cannot be pinged; the next beat decides
      }
    }
    timer = clock.setTimeout(beat, intervalMs);
  };

  for (const socket of server.clients) watch(socket);
  timer = clock.setTimeout(beat, intervalMs);
  return () => {
    stopped = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    for (const entry of [...watched.values()]) entry.forget();
  };
}
