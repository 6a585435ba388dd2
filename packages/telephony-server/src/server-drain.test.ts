import { ManualClock } from '@x/transport-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFakeProvider,
  FAKE_KEY_HEADER,
  FAKE_MEDIA,
  fakeCallToken,
  fakeStart,
} from './__fixtures__/fake-provider.js';
import { GoodbyeBot } from './__fixtures__/goodbye-bot.js';
import {
  closeTestServers,
  eventually,
  openStream,
  startTestServer,
  type TestStream,
} from './__fixtures__/test-server.js';

const KEY = 'fake-shared-key';
const DRAIN_TIMEOUT_MS = 20_000;
const END_OF_CALL_TIMEOUT_MS = 6_000;

afterEach(closeTestServers);

/** A server on the manual clock whose bots say goodbye (or, with `ignoreEnd`, never end). */
async function startDrainableServer(ignoreEnd = false) {
  const clock = new ManualClock();
  const provider = createFakeProvider({ key: KEY });
  const bots: GoodbyeBot[] = [];
  const started = await startTestServer({
    providers: [provider],
    clock,
    limits: { drainTimeoutMs: DRAIN_TIMEOUT_MS, endOfCallTimeoutMs: END_OF_CALL_TIMEOUT_MS },
    transport: { audioOutEndSilenceSecs: 0 },
    bot: () => {
      const bot = new GoodbyeBot(ignoreEnd);
      bots.push(bot);
      return bot.session();
    },
  });
  const startCall = async (callId: string): Promise<TestStream> => {
    const stream = await openStream(started.socketUrl(), { [FAKE_KEY_HEADER]: KEY });
    stream.send(fakeStart(callId, { callToken: fakeCallToken(callId) }));
    for (let index = 0; index < 4; index++) stream.send(FAKE_MEDIA);
    await eventually(() => stream.messages.length > 0);
    return stream;
  };
  return { ...started, clock, provider, bots, startCall };
}

describe('TelephonyServer.drain', () => {
  it('fails readiness at once, refuses new calls, lets calls go on, then ends them with a goodbye, one hang-up each and close 1000', async () => {
    const { server, clock, provider, bots, startCall, httpUrl, socketUrl } =
      await startDrainableServer();
    const streams = [await startCall('call-a'), await startCall('call-b')];

    const drained = server.drain();
    expect(server.draining).toBe(true);
    const health = await fetch(httpUrl('/healthz'));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'draining', activeCalls: 2 });
    expect((await fetch(httpUrl('/livez'))).status).toBe(200);
    expect((await openStream(socketUrl(), { [FAKE_KEY_HEADER]: KEY })).status).toBe(503);
    const webhook = await fetch(httpUrl('/fakeline'), {
      method: 'POST',
      headers: { [FAKE_KEY_HEADER]: KEY },
      body: 'callId=late',
    });
    expect(webhook.status).toBe(503);
    expect(webhook.headers.get('retry-after')).toBe('5');
    expect(server.metrics.value('telephony_draining')).toBe(1);

    // the calls in progress go on until the drain timeout
    await clock.advance(DRAIN_TIMEOUT_MS - 1);
    expect(bots.flatMap((bot) => bot.goodbyes)).toEqual([]);
    const before = streams[0]!.messages.length;
    streams[0]!.send(FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA, FAKE_MEDIA);
    await eventually(() => streams[0]!.messages.length > before);

    await clock.advance(1);
    expect(bots.map((bot) => bot.goodbyes)).toEqual([['server stopping'], ['server stopping']]);
    const closes = await Promise.all(streams.map((stream) => stream.closed));
    expect(closes.map((close) => close.code)).toEqual([1000, 1000]);
    expect(await drained).toMatchObject({ callsAtStart: 2, endedByServer: 2, cancelled: 0 });
    expect(provider.hangUps.sort()).toEqual(['call-a', 'call-b']);
    expect(server.activeCalls).toBe(0);
    await expect(fetch(httpUrl('/livez'))).rejects.toThrow();
  });

  it('cancels a call whose end outlasts endOfCallTimeoutMs (a bot that never ends)', async () => {
    const { server, clock, bots, startCall } = await startDrainableServer(true);
    const stream = await startCall('stuck');
    const drained = server.drain();
    await clock.advance(DRAIN_TIMEOUT_MS);
    expect(bots[0]!.goodbyes).toEqual(['server stopping']);
    await clock.advance(END_OF_CALL_TIMEOUT_MS);
    expect(await drained).toMatchObject({ callsAtStart: 1, endedByServer: 1, cancelled: 1 });
    expect((await stream.closed).code).toBe(1000);
    expect(
      server.metrics.value('telephony_calls_ended_total', {
        provider: 'fakeline',
        reason: 'cancelled',
      }),
    ).toBe(1);
  });

  it('lets a call that finishes by itself finish, ending none', async () => {
    const { server, clock, startCall } = await startDrainableServer();
    const stream = await startCall('short');
    const drained = server.drain();
    stream.socket!.close();
    await stream.closed;
    await eventually(() => server.activeCalls === 0);
    await clock.advance(0);
    expect(await drained).toMatchObject({ callsAtStart: 1, endedByServer: 0, cancelled: 0 });
  });

  it('resolves at once with no call in progress, and closes what listen opened', async () => {
    const { server, httpUrl } = await startDrainableServer();
    expect(await server.drain()).toEqual({
      callsAtStart: 0,
      endedByServer: 0,
      cancelled: 0,
      durationMs: 0,
    });
    await expect(fetch(httpUrl('/livez'))).rejects.toThrow();
    expect(server.drain()).toBe(server.drain());
  });
});
