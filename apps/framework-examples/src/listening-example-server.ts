import type { AddressInfo } from 'node:net';
import { startHeartbeat } from '@x/transport-core';
import type { WebSocketServer } from 'ws';
import type { EchoCalls, ExampleServer } from './echo-calls.js';

/** The members used of the HTTP server (`node:http`, or what `@hono/node-server` returns). */
export interface ListeningServer {
  readonly listening: boolean;
  address(): AddressInfo | string | null;
  once(event: 'listening', listener: () => void): unknown;
  close(callback: () => void): unknown;
}

/**
 * The part every `node:http`-based example shares once its routes are wired: waits until the
 * server listens, starts the ping/pong heartbeat on its WebSocket server, and returns the
 * `ExampleServer` whose `close()` cancels the calls, then stops both servers.
 */
export async function listeningExampleServer(
  server: ListeningServer,
  wss: WebSocketServer,
  calls: EchoCalls,
  host: string,
): Promise<ExampleServer> {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', resolve));
  const stopHeartbeat = startHeartbeat(wss);
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `ws://${host}:${port}/media`,
    calls,
    async close() {
      stopHeartbeat();
      await calls.cancelAll();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
