import { RawWebSocketClient } from '@x/phone-simulator';
import { OutputAudioRawFrame } from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, FAKE_MEDIA, fakeStart } from './__fixtures__/fake-provider.js';
import { GoodbyeBot } from './__fixtures__/goodbye-bot.js';
import {
  closeTestServers,
  EchoProcessor,
  eventually,
  openStream,
  startTestServer,
} from './__fixtures__/test-server.js';
import type { CallEnd, TelephonyCall } from './telephony-call.js';

afterEach(closeTestServers);

describe('a trusted stream endpoint', () => {
  it('takes clients its authorize lets in, skipping the provider checks, never call-bound', async () => {
    const provider = createFakeProvider({ key: 'secret-key' });
    const { server, socketUrl } = await startTestServer({
      providers: [provider],
      transport: { audioOutEndSilenceSecs: 0 },
      trustedStreams: [
        {
          path: '/softphone/ws',
          providers: [provider],
          label: 'softphone',
          authorize: (request) =>
            request.headers.origin === 'https://app.example.test'
              ? { ok: true }
              : { ok: false, reason: `origin ${request.headers.origin ?? 'none'} not allowed` },
        },
      ],
    });
    const started: TelephonyCall[] = [];
    server.on('callStarted', (call) => {
      started.push(call);
    });
    const refused = await openStream(socketUrl('/softphone/ws'), { origin: 'https://evil.test' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('origin https://evil.test not allowed');

    const stream = await openStream(socketUrl('/softphone/ws'), {
      origin: 'https://app.example.test',
    });
    stream.send(fakeStart('browser'), FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA);
    await eventually(() => stream.messages.length > 0);
    expect(started.map((call) => [call.label, call.callBound])).toEqual([['softphone', false]]);
    started[0]!.end('bye');
    expect((await stream.closed).code).toBe(1000);
    expect(provider.hangUps).toEqual([]);
    expect(server.metrics.value('telephony_calls_started_total', { provider: 'softphone' })).toBe(
      1,
    );
  });
});

describe('a call', () => {
  it('ends the bot’s way on the session timeout', async () => {
    const bots: GoodbyeBot[] = [];
    const ended: CallEnd[] = [];
    const { server, socketUrl } = await startTestServer({
      providers: [createFakeProvider()],
      allowUnverified: true,
      transport: { sessionTimeoutSecs: 0.05, audioOutEndSilenceSecs: 0 },
      bot: () => {
        const bot = new GoodbyeBot();
        bots.push(bot);
        return bot.session();
      },
    });
    server.on('callEnded', (_call, end) => {
      ended.push(end);
    });
    const stream = await openStream(socketUrl());
    stream.send(fakeStart('long'), FAKE_MEDIA);
    expect((await stream.closed).code).toBe(1000);
    expect(bots[0]!.goodbyes).toEqual(['session timeout']);
    await eventually(() => ended.length === 1);
    expect(ended[0]).toMatchObject({ reason: 'ended', detail: 'session timeout' });
  });

  it('takes frames queued before its pipeline starts, in order', async () => {
    const { socketUrl } = await startTestServer({
      providers: [createFakeProvider()],
      allowUnverified: true,
      transport: { audioOutEndSilenceSecs: 0, audioOut10msChunks: 2 },
      bot: async (call) => {
        call.queueFrames([new OutputAudioRawFrame(new Int16Array(320), 8000)]);
        await new Promise((resolve) => setTimeout(resolve, 10));
        return [new EchoProcessor()];
      },
    });
    const stream = await openStream(socketUrl());
    stream.send(fakeStart('greeted'));
    await eventually(() => stream.messages.length > 0);
    expect(JSON.parse(stream.messages[0]!)).toEqual({ event: 'media', samples: 160 });
  });

  it('is dropped by the heartbeat when its client stops answering pings', async () => {
    const clock = new ManualClock();
    const { server, address } = await startTestServer({
      providers: [createFakeProvider()],
      allowUnverified: true,
      clock,
      heartbeatIntervalMs: 1_000,
    });
    const client = await RawWebSocketClient.open(address.port, '/ws');
    client.sendText(fakeStart('half-open'));
    client.sendText(FAKE_MEDIA);
    await eventually(() => server.activeCalls === 1);
    await clock.advance(1_000); // ping
    await clock.advance(1_000); // no pong: dropped
    expect(await client.waitForClose(5_000)).toBe(true);
    await eventually(() => server.activeCalls === 0);
  });
});
