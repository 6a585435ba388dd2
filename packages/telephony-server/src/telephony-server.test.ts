import { request } from 'node:http';
import { RawWebSocketClient, WEBSOCKET_OPCODE } from '@x/phone-simulator';
import { silentLogger } from '@x/transport-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFakeProvider,
  FAKE_KEY_HEADER,
  FAKE_MEDIA,
  fakeCallToken,
  fakeStart,
  UNSERVABLE_CALL_ID,
} from './__fixtures__/fake-provider.js';
import {
  closeTestServers,
  EchoProcessor,
  eventually,
  openStream,
  recordingLogger,
  startTestServer,
} from './__fixtures__/test-server.js';
import type { CallEnd, TelephonyCall } from './telephony-call.js';
import { createTelephonyServer } from './telephony-server.js';

const KEY = 'fake-shared-key';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

afterEach(closeTestServers);

/** Records the server's call events. */
function watchCalls(server: import('./telephony-server.js').TelephonyServer) {
  const started: TelephonyCall[] = [];
  const ended: { call: TelephonyCall; end: CallEnd }[] = [];
  server.on('callStarted', (call) => {
    started.push(call);
  });
  server.on('callEnded', (call, end) => {
    ended.push({ call, end });
  });
  return { started, ended };
}

describe('createTelephonyServer', () => {
  it('refuses to start when a provider can verify nothing and allowUnverified is off', () => {
    expect(() =>
      createTelephonyServer({
        providers: [createFakeProvider()],
        bot: () => [],
        logger: silentLogger,
      }),
    ).toThrow(/can verify neither its webhooks nor its streams.*allowUnverified: true/);
  });

  it('refuses an empty provider list, a repeated provider, paths used twice and malformed settings', () => {
    const bot = () => [];
    const logger = silentLogger;
    expect(() => createTelephonyServer({ providers: [], bot, logger })).toThrow(
      /at least one provider/,
    );
    const provider = createFakeProvider({ key: KEY });
    expect(() => createTelephonyServer({ providers: [provider, provider], bot, logger })).toThrow(
      /configured twice/,
    );
    expect(() =>
      createTelephonyServer({ providers: [provider], bot, logger, paths: { health: '/ws' } }),
    ).toThrow(/cannot share the path \/ws/);
    expect(() =>
      createTelephonyServer({ providers: [provider], bot, logger, paths: { stream: '/fakeline' } }),
    ).toThrow(/cannot share the path \/fakeline/);
    expect(() =>
      createTelephonyServer({ providers: [provider], bot, logger, limits: { maxCalls: 0 } }),
    ).toThrow(/limits.maxCalls/);
    expect(() =>
      createTelephonyServer({ providers: [provider], bot, logger, publicUrl: 'bot.example.com' }),
    ).toThrow(/publicUrl must be the absolute base URL/);
    expect(() =>
      createTelephonyServer({ providers: [provider], bot, logger, heartbeatIntervalMs: 0 }),
    ).toThrow(/heartbeatIntervalMs/);
  });
});

describe('a call on the fake provider with its key set', () => {
  it('goes webhook → answer with its token → stream → echo → end → one hang-up → close 1000', async () => {
    const provider = createFakeProvider({ key: KEY });
    const { server, httpUrl, socketUrl, address } = await startTestServer({
      providers: [provider],
      transport: { audioOutEndSilenceSecs: 0 },
    });
    const calls = watchCalls(server);
    const webhook = await fetch(httpUrl('/fakeline'), {
      method: 'POST',
      headers: { ...FORM, [FAKE_KEY_HEADER]: KEY },
      body: 'callId=call-1',
    });
    expect(webhook.status).toBe(200);
    const answer = (await webhook.json()) as { stream: string; parameters: Record<string, string> };
    expect(answer).toEqual({
      stream: `wss://127.0.0.1:${address.port}/ws`,
      parameters: { callToken: fakeCallToken('call-1') },
    });

    const stream = await openStream(socketUrl(), { [FAKE_KEY_HEADER]: KEY });
    stream.send(fakeStart('call-1', answer.parameters));
    for (let index = 0; index < 6; index++) stream.send(FAKE_MEDIA);
    await eventually(() => stream.messages.some((message) => message.includes('"media"')));
    expect(calls.started.map((call) => [call.id, call.callBound, call.upgradeVerified])).toEqual([
      ['call-1', true, true],
    ]);
    expect(server.activeCalls).toBe(1);

    calls.started[0]!.end('test over');
    expect((await stream.closed).code).toBe(1000);
    await eventually(() => calls.ended.length === 1);
    expect(calls.ended[0]!.end).toMatchObject({ reason: 'ended', detail: 'test over' });
    expect(provider.hangUps).toEqual(['call-1']);
    expect(server.activeCalls).toBe(0);
  });

  it('answers a webhook with a wrong key 403 and no markup', async () => {
    const { httpUrl, server } = await startTestServer({
      providers: [createFakeProvider({ key: KEY })],
    });
    const response = await fetch(httpUrl('/fakeline'), {
      method: 'POST',
      headers: { ...FORM, [FAKE_KEY_HEADER]: 'guess' },
      body: 'callId=call-1',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('Forbidden: wrong key\n');
    expect(
      server.metrics.value('telephony_webhooks_total', {
        provider: 'fakeline',
        outcome: 'bad-signature',
      }),
    ).toBe(1);
  });

  it('answers an upgrade with a wrong key 403 before any WebSocket exists', async () => {
    const { socketUrl, server } = await startTestServer({
      providers: [createFakeProvider({ key: KEY })],
    });
    const stream = await openStream(socketUrl(), { [FAKE_KEY_HEADER]: 'guess' });
    expect(stream.status).toBe(403);
    expect(stream.body).toContain('Fakeline authentication failed: wrong key');
    expect(
      server.metrics.value('telephony_upgrades_refused_total', { reason: 'bad-signature' }),
    ).toBe(1);
  });

  it('closes a stream whose upgrade carried no key with 1008 once it names its call', async () => {
    const provider = createFakeProvider({ key: KEY });
    const { socketUrl } = await startTestServer({ providers: [provider] });
    const stream = await openStream(socketUrl());
    stream.send(fakeStart('call-1', { callToken: fakeCallToken('call-1') }));
    expect(await stream.closed).toEqual({ code: 1008, reason: 'Fakeline authentication required' });
    expect(provider.serializers).toEqual([]);
  });

  it('closes a stream without a call token with 1008 before any pipeline or serializer exists', async () => {
    const provider = createFakeProvider({ key: KEY });
    const { server, socketUrl } = await startTestServer({ providers: [provider] });
    const calls = watchCalls(server);
    const stream = await openStream(socketUrl(), { [FAKE_KEY_HEADER]: KEY });
    stream.send(fakeStart('call-1'), FAKE_MEDIA);
    expect(await stream.closed).toEqual({ code: 1008, reason: 'missing call token' });
    expect(provider.serializers).toEqual([]);
    expect(calls.started).toEqual([]);
    expect(
      server.metrics.value('telephony_streams_refused_total', {
        provider: 'fakeline',
        reason: 'call-token',
      }),
    ).toBe(1);
  });

  it('refuses a genuine token replayed for another call, and hangs nothing up', async () => {
    const provider = createFakeProvider({ key: KEY });
    const { socketUrl } = await startTestServer({ providers: [provider] });
    const stream = await openStream(socketUrl(), { [FAKE_KEY_HEADER]: KEY });
    stream.send(fakeStart('victim-call', { callToken: fakeCallToken('genuine-call') }), FAKE_MEDIA);
    expect(await stream.closed).toEqual({
      code: 1008,
      reason: 'call token does not match this call',
    });
    expect(provider.serializers).toEqual([]);
    expect(provider.hangUps).toEqual([]);
  });

  it('closes a stream no provider speaks with 1008, and one that says nothing after the start timeout', async () => {
    const { server, socketUrl } = await startTestServer({
      providers: [createFakeProvider({ key: KEY })],
      limits: { startTimeoutMs: 200 },
    });
    const gibberish = await openStream(socketUrl(), { [FAKE_KEY_HEADER]: KEY });
    gibberish.send('{"event":"hola"}');
    expect((await gibberish.closed).code).toBe(1008);
    const silent = await openStream(socketUrl(), { [FAKE_KEY_HEADER]: KEY });
    expect(await silent.closed).toEqual({ code: 1008, reason: 'no start message within 200 ms' });
    const refused = (reason: string) =>
      server.metrics.value('telephony_streams_refused_total', { provider: 'unknown', reason });
    expect([refused('unknown-protocol'), refused('timeout')]).toEqual([1, 1]);
  });
});

/** POSTs a fake webhook with node:http, which (unlike fetch) lets a test set `Host`. */
function postWebhook(
  port: number,
  headers: Record<string, string>,
  body = 'callId=call-1',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path: '/fakeline',
        method: 'POST',
        headers: { ...FORM, ...headers },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('a webhook answer', () => {
  it('points at the stream endpoint on publicUrl, else on Host, and on X-Forwarded-Host only with trustProxy', async () => {
    const tunnel = {
      host: 'bot.internal:8765',
      'x-forwarded-host': 'abc123.ngrok.app',
      'x-forwarded-proto': 'https',
    };
    const streamOf = async (options: { trustProxy?: boolean; publicUrl?: string }) => {
      const { address } = await startTestServer({
        providers: [createFakeProvider()],
        allowUnverified: true,
        ...options,
      });
      const answer = await postWebhook(address.port, tunnel);
      expect(answer.status).toBe(200);
      return (JSON.parse(answer.body) as { stream: string }).stream;
    };
    expect(await streamOf({})).toBe('wss://bot.internal:8765/ws');
    expect(await streamOf({ trustProxy: true })).toBe('wss://abc123.ngrok.app/ws');
    expect(await streamOf({ trustProxy: true, publicUrl: 'https://bot.example.com' })).toBe(
      'wss://bot.example.com/ws',
    );
  });

  it('is refused 400 when the signed webhook names no call: its stream could never start', async () => {
    const { server, address } = await startTestServer({
      providers: [createFakeProvider({ key: KEY })],
    });
    const answer = await postWebhook(address.port, { [FAKE_KEY_HEADER]: KEY }, 'from=%2B15550100');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('does not say which Fakeline call it is about');
    expect(answer.body).not.toContain('callToken');
    expect(
      server.metrics.value('telephony_webhooks_total', {
        provider: 'fakeline',
        outcome: 'no-call-id',
      }),
    ).toBe(1);
  });
});

describe('a provider that cannot verify, on a server with allowUnverified', () => {
  it('answers its unsigned webhooks without a token and runs its streams, never call-bound', async () => {
    const provider = createFakeProvider();
    const { server, httpUrl, socketUrl } = await startTestServer({
      providers: [provider],
      allowUnverified: true,
      transport: { audioOutEndSilenceSecs: 0 },
    });
    const calls = watchCalls(server);
    const webhook = await fetch(httpUrl('/fakeline'), {
      method: 'POST',
      headers: FORM,
      body: 'callId=c',
    });
    expect(webhook.status).toBe(200);
    expect(((await webhook.json()) as { parameters: object }).parameters).toEqual({});
    const stream = await openStream(socketUrl());
    stream.send(fakeStart('c'), FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA);
    await eventually(() => calls.started.length === 1);
    expect(calls.started[0]!.callBound).toBe(false);
    calls.started[0]!.end('done');
    expect((await stream.closed).code).toBe(1000);
    expect(provider.hangUps).toEqual([]);
  });

  it('still refuses a key-checking provider’s unsigned webhook: allowUnverified only covers providers that cannot check', async () => {
    const { httpUrl } = await startTestServer({
      providers: [createFakeProvider({ key: KEY })],
      allowUnverified: true,
    });
    const response = await fetch(httpUrl('/fakeline'), {
      method: 'POST',
      headers: FORM,
      body: 'callId=c',
    });
    expect(response.status).toBe(403);
  });
});

describe('a bot that fails', () => {
  it('ends only its own call (close 1011, logged with its call id); the server keeps serving', async () => {
    const { lines, logger } = recordingLogger();
    const { server, socketUrl, httpUrl } = await startTestServer({
      providers: [createFakeProvider()],
      allowUnverified: true,
      logger,
      bot: async (call) => {
        if (call.id === 'broken') throw new Error('bot bug');
        return [new EchoProcessor()];
      },
      transport: { audioOutEndSilenceSecs: 0 },
    });
    const calls = watchCalls(server);
    const good = await openStream(socketUrl());
    good.send(fakeStart('fine'), FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA);
    await eventually(() => good.messages.length > 0);

    const broken = await openStream(socketUrl());
    broken.send(fakeStart('broken'), FAKE_MEDIA);
    expect((await broken.closed).code).toBe(1011);
    await eventually(() => calls.ended.length === 1);
    expect(calls.ended[0]!.call.id).toBe('broken');
    expect(calls.ended[0]!.end.reason).toBe('failed');
    const failure = lines.find((line) => line.level === 'error');
    expect(failure?.fields).toMatchObject({ callId: 'broken', provider: 'fakeline' });
    expect(String(failure?.fields.err)).toContain('bot bug');

    // the other call goes on, and new calls are served
    const before = good.messages.length;
    good.send(FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA);
    await eventually(() => good.messages.length > before);
    expect((await fetch(httpUrl('/healthz'))).status).toBe(200);
    const next = await openStream(socketUrl());
    next.send(fakeStart('next'), FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA);
    await eventually(() => next.messages.length > 0);
    expect(server.activeCalls).toBe(2);
    expect(
      server.metrics.value('telephony_calls_ended_total', {
        provider: 'fakeline',
        reason: 'failed',
      }),
    ).toBe(1);
  });

  it('that never returns is cut off when the call is cancelled, and its processors never start', async () => {
    let resolveBot: (processors: EchoProcessor[]) => void = () => {};
    const { server, socketUrl } = await startTestServer({
      providers: [createFakeProvider()],
      allowUnverified: true,
      bot: () =>
        new Promise((resolve) => {
          resolveBot = resolve;
        }),
    });
    const calls = watchCalls(server);
    const stream = await openStream(socketUrl());
    stream.send(fakeStart('slow'));
    await eventually(() => calls.started.length === 1);
    await calls.started[0]!.cancel('giving up');
    expect(calls.ended[0]!.end).toMatchObject({ reason: 'cancelled', detail: 'giving up' });
    expect(calls.started[0]!.signal.aborted).toBe(true);
    const echo = new EchoProcessor();
    resolveBot([echo]);
    expect((await stream.closed).code).toBe(1001);
    expect(calls.started[0]!.task).toBeUndefined();
  });
});

describe('a call that cannot be set up', () => {
  it('is refused with 1008 when the provider cannot serve it, and 1011 when the transport settings are wrong', async () => {
    const { server, socketUrl } = await startTestServer({
      providers: [createFakeProvider()],
      allowUnverified: true,
      transport: (call) => (call.data.callId === 'misconfigured' ? { audioOut10msChunks: 0 } : {}),
    });
    const unservable = await openStream(socketUrl());
    unservable.send(fakeStart(UNSERVABLE_CALL_ID), FAKE_MEDIA);
    expect(await unservable.closed).toEqual({
      code: 1008,
      reason: 'fake media format of this call is not supported',
    });
    const misconfigured = await openStream(socketUrl());
    misconfigured.send(fakeStart('misconfigured'), FAKE_MEDIA);
    expect(await misconfigured.closed).toEqual({ code: 1011, reason: 'internal error' });
    const refused = (reason: string) =>
      server.metrics.value('telephony_streams_refused_total', { provider: 'fakeline', reason });
    expect([refused('serializer'), refused('setup-failed')]).toEqual([1, 1]);
    await eventually(() => server.pendingStreams === 0);
  });
});

describe('hostile clients', () => {
  /** Invalid UTF-8 and a frame over `maxPayload`: each makes `ws` report an error on the socket. */
  function sendGarbage(client: RawWebSocketClient): void {
    client.sendInvalidUtf8();
    client.sendFrame(WEBSOCKET_OPCODE.binary, Buffer.alloc(128 * 1024, 1));
  }

  it('send garbage after their stream was refused, and the server keeps serving', async () => {
    const provider = createFakeProvider({ key: KEY });
    const { server, address, httpUrl } = await startTestServer({
      providers: [provider],
      limits: { startTimeoutMs: 300 },
    });
    const openings: (() => Promise<RawWebSocketClient>)[] = [
      async () => {
        const client = await RawWebSocketClient.open(address.port, '/ws', {
          headers: { [FAKE_KEY_HEADER]: KEY },
        });
        client.sendText('x');
        return client;
      },
      async () =>
        RawWebSocketClient.open(address.port, '/ws', { headers: { [FAKE_KEY_HEADER]: KEY } }),
      async () => {
        const client = await RawWebSocketClient.open(address.port, '/ws');
        client.sendText(fakeStart('unsigned'));
        return client;
      },
      async () => {
        const client = await RawWebSocketClient.open(address.port, '/ws', {
          headers: { [FAKE_KEY_HEADER]: KEY },
        });
        client.sendText(fakeStart('no-token'));
        return client;
      },
    ];
    for (const open of openings) {
      const client = await open();
      expect(client.upgraded).toBe(true);
      expect(await client.waitForCloseFrame()).toBe(true);
      sendGarbage(client);
      await client.waitForClose();
    }
    for (let index = 0; index < 10; index++) {
      const client = await RawWebSocketClient.open(address.port, '/ws');
      client.socket.write(Buffer.from([0x81, 0xfe, 0x00])); // a frame header cut short
      client.destroy();
    }
    const noHost = await RawWebSocketClient.open(address.port, '/ws', {
      host: '',
      headers: { [FAKE_KEY_HEADER]: KEY },
    });
    expect(noHost.status).toBe(400);
    noHost.destroy();
    expect((await fetch(httpUrl('/healthz'))).status).toBe(200);
    expect(provider.hangUps).toEqual([]);
    await eventually(() => server.pendingStreams === 0);
  });
});
