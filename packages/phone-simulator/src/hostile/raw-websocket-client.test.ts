import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { RawWebSocketClient, WEBSOCKET_OPCODE } from './raw-websocket-client.js';

let http: Server | undefined;
let wss: WebSocketServer | undefined;

afterEach(async () => {
  for (const client of wss?.clients ?? []) client.terminate();
  wss?.close();
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve) ?? resolve(undefined));
  http = undefined;
  wss = undefined;
});

/** A `ws` server accepting `/ok` (and handing the sockets over), refusing anything else with 403. */
async function serve(onSocket: (socket: WebSocket) => void): Promise<number> {
  http = createServer();
  wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  http.on('upgrade', (request, socket, head) => {
    if (request.url !== '/ok') {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss!.handleUpgrade(request, socket, head, (webSocket) => {
      webSocket.on('error', () => {});
      onSocket(webSocket);
    });
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return (http.address() as AddressInfo).port;
}

describe('RawWebSocketClient', () => {
  it('completes the handshake and delivers the exact frames it is given', async () => {
    const received: string[] = [];
    const port = await serve((socket) =>
      socket.on('message', (data) => received.push(String(data))),
    );
    const client = await RawWebSocketClient.open(port, '/ok');
    expect(client.upgraded).toBe(true);
    client.sendText('hello');
    client.sendFrame(WEBSOCKET_OPCODE.text, Buffer.alloc(300, 'a'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual(['hello', 'a'.repeat(300)]);
    client.destroy();
  });

  it('reports a refused upgrade with its status', async () => {
    const port = await serve(() => {});
    const client = await RawWebSocketClient.open(port, '/nope');
    expect(client.upgraded).toBe(false);
    expect(client.status).toBe(403);
    client.destroy();
  });

  it('sends invalid UTF-8 and oversized frames, which a server answers with a close frame', async () => {
    const port = await serve(() => {});
    const invalid = await RawWebSocketClient.open(port, '/ok');
    invalid.sendInvalidUtf8();
    expect(await invalid.waitForCloseFrame(2000)).toBe(true);
    const oversized = await RawWebSocketClient.open(port, '/ok');
    oversized.sendFrame(WEBSOCKET_OPCODE.binary, Buffer.alloc(70_000));
    expect(await oversized.waitForCloseFrame(2000)).toBe(true);
    expect(await oversized.waitForClose(2000)).toBe(true);
  });

  it('announces a frame over maxPayload by its header alone, which the server refuses', async () => {
    const port = await serve(() => {});
    const client = await RawWebSocketClient.open(port, '/ok');
    client.sendFrameHeader(WEBSOCKET_OPCODE.binary, 10_000_000);
    expect(await client.waitForCloseFrame(2000)).toBe(true);
    client.destroy();
  });

  it('resets the connection without a close frame, which the server sees as ECONNRESET', async () => {
    const errors: string[] = [];
    const port = await serve(() => {});
    http!.prependListener('upgrade', (_request, socket) => {
      socket.on('error', (error: NodeJS.ErrnoException) => errors.push(error.code ?? ''));
    });
    const client = await RawWebSocketClient.open(port, '/ok');
    client.reset();
    expect(client.closed).toBe(true);
    await expect.poll(() => errors).toEqual(['ECONNRESET']);
  });

  it('can leave out the Host header', async () => {
    let host: string | undefined = 'unset';
    http = createServer();
    http.on('upgrade', (request, socket) => {
      host = request.headers.host;
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const client = await RawWebSocketClient.open((http.address() as AddressInfo).port, '/x', {
      host: '',
    });
    expect(client.status).toBe(400);
    expect(host).toBeUndefined();
    client.destroy();
  });
});
