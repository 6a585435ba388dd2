import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** One connection the test server accepted. */
export interface TestConnection {
  /** The server side of the socket. */
  socket: WebSocket;
  /** The upgrade request (headers, url). */
  request: IncomingMessage;
  /** Every text message received, parsed. */
  messages: Record<string, unknown>[];
  /** Resolves with the first message whose `event` is `event`. */
  nextEvent(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves when the socket has closed, with the close code. */
  closed: Promise<number>;
}

/** A bot server for tests on 127.0.0.1 and an ephemeral port. */
export interface TestBotServer {
  /** `ws://127.0.0.1:<port>/ws` */
  url: string;
  /** Resolves with the next accepted connection. */
  nextConnection(): Promise<TestConnection>;
  /** Closes the server and every connection. */
  close(): Promise<void>;
}

/**
 * Starts a WebSocket server; `onConnection` plays the bot. Messages are recorded before
 * `onMessage` sees them. `verifyUpgrade` may refuse an upgrade with an HTTP status.
 */
export async function startTestBotServer(
  options: {
    onConnection?: (connection: TestConnection) => void;
    onMessage?: (connection: TestConnection, message: Record<string, unknown>) => void;
    verifyUpgrade?: (request: IncomingMessage) => number | undefined;
  } = {},
): Promise<TestBotServer> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: options.verifyUpgrade
      ? (info, callback) => {
          const status = options.verifyUpgrade!(info.req);
          if (status === undefined) callback(true);
          else callback(false, status, 'refused');
        }
      : undefined,
  });
  await once(server, 'listening');
  const pending: TestConnection[] = [];
  const waiting: ((connection: TestConnection) => void)[] = [];
  server.on('connection', (socket, request) => {
    const messages: Record<string, unknown>[] = [];
    const listeners: (() => void)[] = [];
    const connection: TestConnection = {
      socket,
      request,
      messages,
      nextEvent: (event, timeoutMs = 5_000) =>
        new Promise((resolve, reject) => {
          const found = messages.find((message) => message.event === event);
          if (found) {
            resolve(found);
            return;
          }
          const timer = setTimeout(
            () => reject(new Error(`no "${event}" message within ${timeoutMs} ms`)),
            timeoutMs,
          );
          const check = (): void => {
            const match = messages.find((message) => message.event === event);
            if (match) {
              clearTimeout(timer);
              listeners.splice(listeners.indexOf(check), 1);
              resolve(match);
            }
          };
          listeners.push(check);
        }),
      closed: new Promise((resolve) => socket.on('close', (code) => resolve(code))),
    };
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      messages.push(message);
      for (const listener of [...listeners]) listener();
      options.onMessage?.(connection, message);
    });
    options.onConnection?.(connection);
    const waiter = waiting.shift();
    if (waiter) waiter(connection);
    else pending.push(connection);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    nextConnection: () =>
      new Promise((resolve) => {
        const connection = pending.shift();
        if (connection) resolve(connection);
        else waiting.push(resolve);
      }),
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends `message` as JSON when the socket is open. */
export function sendJson(socket: WebSocket, message: unknown): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}
