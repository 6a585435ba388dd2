import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@x/transport-core';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, FAKE_MEDIA, fakeStart } from './__fixtures__/fake-provider.js';
import { EchoProcessor, eventually, openStream } from './__fixtures__/test-server.js';
import { createTelephonyServer, type TelephonyServer } from './telephony-server.js';

let running: { http: Server; telephony: TelephonyServer } | undefined;

afterEach(async () => {
  if (!running) return;
  await running.telephony.close();
  running.http.closeAllConnections();
  await new Promise((resolve) => running!.http.close(resolve));
  running = undefined;
});

function telephonyServer(): TelephonyServer {
  return createTelephonyServer({
    providers: [createFakeProvider()],
    allowUnverified: true,
    bot: () => [new EchoProcessor()],
    logger: silentLogger,
  });
}

async function listen(http: Server): Promise<string> {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(http.address() as AddressInfo).port}`;
}

/** An echo call through the mounted stream endpoint. */
async function expectEchoCall(host: string): Promise<void> {
  const stream = await openStream(`ws://${host}/ws`);
  stream.send(fakeStart('mounted'), FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA);
  await eventually(() => stream.messages.length > 0);
  stream.socket!.close();
}

describe('mounting the server kit in a server of your own', () => {
  it('node:http: handleRequest and handleUpgrade take their paths and leave the others to you', async () => {
    const telephony = telephonyServer();
    const http = createServer((request, response) => {
      if (telephony.handleRequest(request, response)) return;
      response.end('mine');
    });
    http.on('upgrade', (request, socket, head) => {
      if (!telephony.handleUpgrade(request, socket, head)) socket.destroy();
    });
    running = { http, telephony };
    const host = await listen(http);
    expect(await (await fetch(`http://${host}/`)).text()).toBe('mine');
    expect((await fetch(`http://${host}/healthz`)).status).toBe(200);
    const webhook = await fetch(`http://${host}/fakeline`, { method: 'POST', body: 'callId=x' });
    expect(((await webhook.json()) as { stream: string }).stream).toBe(`wss://${host}/ws`);
    await expectEchoCall(host);
  });

  it('Express: a middleware before the body parsers, and the upgrade on its node:http server', async () => {
    const telephony = telephonyServer();
    const app = express();
    app.use((request, response, next) => {
      if (!telephony.handleRequest(request, response)) next();
    });
    app.use(express.urlencoded({ extended: false }));
    app.post('/mine', (request, response) => {
      response.json(request.body);
    });
    const http = createServer(app);
    http.on('upgrade', (request, socket, head) => {
      if (!telephony.handleUpgrade(request, socket, head)) socket.destroy();
    });
    running = { http, telephony };
    const host = await listen(http);
    const mine = await fetch(`http://${host}/mine`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(await mine.json()).toEqual({ a: '1' });
    const webhook = await fetch(`http://${host}/fakeline`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'callId=x',
    });
    expect(webhook.status).toBe(200);
    await expectEchoCall(host);
  });

  it('answers 500 and says why when a body parser read the webhook first', async () => {
    const telephony = telephonyServer();
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use((request, response, next) => {
      if (!telephony.handleRequest(request, response)) next();
    });
    const http = createServer(app);
    running = { http, telephony };
    const host = await listen(http);
    const webhook = await fetch(`http://${host}/fakeline`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'callId=x',
    });
    expect(webhook.status).toBe(500);
    expect(await webhook.text()).toContain('already read');
  });
});
