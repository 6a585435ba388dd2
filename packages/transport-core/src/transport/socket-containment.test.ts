import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { ManualClock } from '../clock/manual-clock.js';
import { silentLogger } from '../logging/logger.js';
import { detectProvider } from '../providers/detect-provider.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { FakeWebSocket } from '../testing-internal/fake-websocket.js';
import { RecordingLogger } from './__fixtures__/harness.js';
import { containSocket } from './socket-containment.js';
import { superviseCall } from './supervise-call.js';

/** A descriptor that recognises nothing, so every detection fails on the first message. */
const nobody: ProviderDescriptor = {
  name: 'nobody',
  recognize: () => undefined,
  createSerializer() {
    throw new Error('not used');
  },
  webhookResponse: () => ({ contentType: 'text/plain', body: '' }),
};

const MAX_PAYLOAD_BYTES = 1024;

interface Loopback {
  port: number;
  accepted: WebSocket[];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A `ws` server whose every connection is handed to `onSocket`. */
async function loopback(onSocket: (socket: WebSocket) => void): Promise<Loopback> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  const accepted: WebSocket[] = [];
  http.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (webSocket) => {
      accepted.push(webSocket);
      onSocket(webSocket);
    });
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const server: Loopback = {
    port: (http.address() as AddressInfo).port,
    accepted,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  cleanups.push(server.close);
  return server;
}

/** Opens a client on the loopback server's `/ws`. */
async function openClient(port: number): Promise<WebSocket> {
  const client = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  client.on('error', () => {
    // the server drops these clients on purpose
  });
  await once(client, 'open');
  return client;
}

/** Sends a text frame whose bytes are not UTF-8 (`ws` does not check what it sends). */
function sendInvalidUtf8(client: WebSocket, bytes: number[] = [0xff, 0xfe]): void {
  client.send(Buffer.from(bytes), { binary: false });
}

/** Resolves when the client's connection is closed. */
async function closed(client: WebSocket): Promise<void> {
  if (client.readyState === WebSocket.CLOSED) return;
  await once(client, 'close');
}

/** Collects uncaught exceptions while `body` runs (a `ws` error with no listener is one). */
async function uncaughtDuring(body: () => Promise<void>): Promise<Error[]> {
  const caught: Error[] = [];
  const onUncaught = (error: Error) => caught.push(error);
  process.prependListener('uncaughtException', onUncaught);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.removeListener('uncaughtException', onUncaught);
  }
  return caught;
}

describe('containSocket', () => {
  it('keeps an error listener after detection fails, until the socket closes', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, [nobody], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive('{"event":"hello"}');
    await expect(detection).rejects.toMatchObject({ failure: 'unknown-protocol' });
    expect(socket.listenerCount('message')).toBe(0);
    expect(socket.listenerCount('error')).toBe(1);
    expect(() => socket.fail(new Error('late error'))).not.toThrow();
    socket.remoteClose(1006);
    expect(socket.listenerCount('error')).toBe(0);
    expect(socket.listenerCount('close')).toBe(0);
  });

  it('adds one listener however often it is called, and none to a closed socket', () => {
    const socket = new FakeWebSocket();
    containSocket(socket);
    containSocket(socket);
    expect(socket.listenerCount('error')).toBe(1);
    const closed = new FakeWebSocket();
    closed.readyState = 3;
    containSocket(closed);
    expect(closed.listenerCount('error')).toBe(0);
  });

  it('logs a contained error at debug level only', () => {
    const socket = new FakeWebSocket();
    const logger = new RecordingLogger();
    containSocket(socket, { logger });
    socket.fail(new Error('WS_ERR_INVALID_UTF8'));
    expect(logger.at('debug')).toHaveLength(1);
    expect(logger.at('error')).toEqual([]);
  });

  it('survives invalid UTF-8 and an oversized frame sent while a refused socket closes', async () => {
    const server = await loopback((socket) => {
      detectProvider(socket, [nobody], { logger: silentLogger }).catch(() =>
        socket.close(1008, 'no provider'),
      );
    });
    const errors = await uncaughtDuring(async () => {
      const utf8 = await openClient(server.port);
      // both frames arrive together: the second is read after detection has let go of the socket
      utf8.send('x');
      sendInvalidUtf8(utf8);
      await closed(utf8);
      const oversized = await openClient(server.port);
      oversized.send('x');
      oversized.send(Buffer.alloc(MAX_PAYLOAD_BYTES * 4));
      await closed(oversized);
    });
    expect(errors).toEqual([]);
    expect(server.accepted).toHaveLength(2);
  });
});

describe('superviseCall', () => {
  it('logs a failing handler with its call fields and closes that socket with 1011', async () => {
    const logger = new RecordingLogger();
    const socket = new FakeWebSocket();
    const closes: number[] = [];
    socket.addEventListener('close', (event) => closes.push((event as { code: number }).code));
    await superviseCall(
      socket,
      async () => {
        throw new Error('bad serializer options');
      },
      { logger, describe: () => ({ callId: 'CA1' }) },
    );
    expect(closes).toEqual([1011]);
    expect(logger.lines.filter((line) => line.level === 'error')).toMatchObject([
      { message: 'the call failed; ending it', fields: { callId: 'CA1' } },
    ]);
  });

  it('resolves and leaves the socket alone when the handler succeeds', async () => {
    const socket = new FakeWebSocket();
    await superviseCall(socket, () => 'done');
    expect(socket.readyState).toBe(1);
  });

  it('drops a socket whose close handshake does not finish in time', async () => {
    const clock = new ManualClock();
    let terminated = false;
    const socket = new FakeWebSocket();
    socket.close = () => {
      socket.readyState = 2;
    };
    (socket as { terminate?: () => void }).terminate = () => {
      terminated = true;
      socket.remoteClose(1006);
    };
    await superviseCall(
      socket,
      () => {
        throw new Error('boom');
      },
      { clock, closeTimeoutMs: 500 },
    );
    await clock.advance(499);
    expect(terminated).toBe(false);
    await clock.advance(1);
    expect(terminated).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('never lets a failing call reach the process on a real socket', async () => {
    const logger = new RecordingLogger();
    const server = await loopback((socket) => {
      void superviseCall(
        socket,
        async () => {
          await detectProvider(socket, [nobody], { logger: silentLogger });
        },
        { logger },
      );
    });
    const errors = await uncaughtDuring(async () => {
      const client = await openClient(server.port);
      client.send('{"event":"start"}');
      sendInvalidUtf8(client, [0xc3, 0x28]);
      await closed(client);
    });
    expect(errors).toEqual([]);
    expect(logger.at('error')).toEqual(['the call failed; ending it']);
  });
});
