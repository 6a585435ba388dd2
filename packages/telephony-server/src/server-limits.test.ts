import { connect } from 'node:net';
import { ManualClock } from '@x/transport-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, FAKE_MEDIA, fakeStart } from './__fixtures__/fake-provider.js';
import {
  closeTestServers,
  eventually,
  openStream,
  recordingLogger,
  startTestServer,
  type TestStream,
} from './__fixtures__/test-server.js';
import { DEFAULT_TELEPHONY_SERVER_LIMITS, resolveServerLimits } from './server-limits.js';

afterEach(closeTestServers);

/** A server on the fake provider that accepts unverified streams (limits are what is tested). */
function startServer(
  options: Parameters<typeof startTestServer>[0] extends infer O ? Partial<O> : never,
) {
  return startTestServer({
    providers: [createFakeProvider()],
    allowUnverified: true,
    transport: { audioOutEndSilenceSecs: 0 },
    ...options,
  });
}

/** Answers of a raw HTTP request written by hand (to hold a body back). */
function rawRequest(
  port: number,
  request: string,
): { answer: () => string; closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString();
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write(request);
  return { answer: () => answer, closed };
}

describe('resolveServerLimits', () => {
  it('applies the defaults and refuses impossible limits', () => {
    expect(resolveServerLimits()).toEqual(DEFAULT_TELEPHONY_SERVER_LIMITS);
    expect(resolveServerLimits({ maxCalls: 3 }).maxCalls).toBe(3);
    expect(() => resolveServerLimits({ maxCalls: 1.5 })).toThrow(RangeError);
    expect(() => resolveServerLimits({ drainTimeoutMs: Number.POSITIVE_INFINITY })).toThrow(
      /drainTimeoutMs/,
    );
    expect(() =>
      resolveServerLimits({ maxPendingStreams: 2, maxPendingStreamsPerAddress: 3 }),
    ).toThrow(/cannot exceed/);
  });
});

describe('the server limits', () => {
  it('answers 503 at the upgrade past maxCalls, and admits again once a call ends', async () => {
    const { server, socketUrl } = await startServer({ limits: { maxCalls: 2 } });
    const first = await openStream(socketUrl());
    await openStream(socketUrl());
    const third = await openStream(socketUrl());
    expect(third.status).toBe(503);
    expect(third.body).toContain('limit of 2 calls');
    first.socket!.close();
    await first.closed;
    await eventually(() => server.pendingStreams === 1);
    expect((await openStream(socketUrl())).status).toBeUndefined();
    expect(
      server.metrics.value('telephony_upgrades_refused_total', { reason: 'too-many-calls' }),
    ).toBe(1);
  });

  it('answers 429 to one address past its pending streams, and 503 past the total', async () => {
    const { socketUrl } = await startServer({
      trustProxy: true,
      limits: { maxPendingStreams: 4, maxPendingStreamsPerAddress: 3 },
    });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let index = 0; index < 3; index++) {
      expect((await openStream(socketUrl(), from('203.0.113.7'))).status).toBeUndefined();
    }
    expect((await openStream(socketUrl(), from('203.0.113.7'))).status).toBe(429);
    expect((await openStream(socketUrl(), from('198.51.100.2'))).status).toBeUndefined();
    expect((await openStream(socketUrl(), from('198.51.100.3'))).status).toBe(503);
  });

  it('ignores X-Forwarded-For unless trustProxy is set', async () => {
    const { socketUrl } = await startServer({
      limits: { maxPendingStreams: 4, maxPendingStreamsPerAddress: 1 },
    });
    expect(
      (await openStream(socketUrl(), { 'x-forwarded-for': '203.0.113.1' })).status,
    ).toBeUndefined();
    expect((await openStream(socketUrl(), { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);
  });

  it('does not count a started call as pending: calls from one address are not capped by it', async () => {
    const { server, socketUrl } = await startServer({
      limits: { maxPendingStreams: 1, maxPendingStreamsPerAddress: 1 },
    });
    const streams: TestStream[] = [];
    for (let index = 0; index < 3; index++) {
      const stream = await openStream(socketUrl());
      expect(stream.status).toBeUndefined();
      stream.send(fakeStart(`call-${index}`), FAKE_MEDIA);
      await eventually(() => server.activeCalls === index + 1);
      streams.push(stream);
    }
    expect(server.pendingStreams).toBe(0);
  });

  it('closes a call whose first audio does not come within firstAudioTimeoutMs, with 1008', async () => {
    const { server, socketUrl } = await startServer({ limits: { firstAudioTimeoutMs: 100 } });
    const stream = await openStream(socketUrl());
    stream.send(fakeStart('quiet'));
    const closed = await stream.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toContain('no caller audio within 100 ms');
    await eventually(
      () =>
        server.metrics.value('telephony_calls_ended_total', {
          provider: 'fakeline',
          reason: 'no-audio',
        }) === 1,
    );
  });

  it('closes a call that floods media above maxMediaMessagesPerSecond, with 1008', async () => {
    const { server, socketUrl, httpUrl } = await startServer({
      limits: { maxMediaMessagesPerSecond: 50 },
    });
    const stream = await openStream(socketUrl());
    stream.send(fakeStart('flood'), FAKE_MEDIA);
    await eventually(() => server.activeCalls === 1);
    for (let index = 0; index < 400; index++) stream.send(FAKE_MEDIA);
    expect((await stream.closed).code).toBe(1008);
    await eventually(
      () =>
        server.metrics.value('telephony_calls_ended_total', {
          provider: 'fakeline',
          reason: 'inbound-rate-exceeded',
        }) === 1,
    );
    expect((await fetch(httpUrl('/healthz'))).status).toBe(200);
  });

  it('closes a stream that sends no start within startTimeoutMs, with 1008 (manual clock)', async () => {
    const clock = new ManualClock();
    const { socketUrl, server } = await startServer({ clock, limits: { startTimeoutMs: 3_000 } });
    const stream = await openStream(socketUrl());
    await eventually(() => server.pendingStreams === 1);
    await clock.advance(2_999);
    expect(stream.socket!.readyState).toBe(stream.socket!.OPEN);
    await clock.advance(1);
    expect(await stream.closed).toEqual({ code: 1008, reason: 'no start message within 3000 ms' });
  });

  it('answers 413 to a webhook body over maxWebhookBodyBytes', async () => {
    const { server, httpUrl } = await startServer({ limits: { maxWebhookBodyBytes: 1_024 } });
    const response = await fetch(httpUrl('/fakeline'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `callId=${'x'.repeat(2_000)}`,
    });
    expect(response.status).toBe(413);
    expect(
      server.metrics.value('telephony_webhooks_total', {
        provider: 'fakeline',
        outcome: 'body-too-large',
      }),
    ).toBe(1);
  });

  it('answers 408 to a webhook whose body does not arrive within webhookBodyTimeoutMs (manual clock)', async () => {
    const clock = new ManualClock();
    const { server, address } = await startServer({
      clock,
      limits: { webhookBodyTimeoutMs: 2_000 },
    });
    const request = rawRequest(
      address.port,
      'POST /fakeline HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncallId=',
    );
    await eventually(() => clock.pendingTimers > 0);
    await clock.advance(2_000);
    await request.closed;
    expect(request.answer()).toMatch(/^HTTP\/1\.1 408/);
    expect(
      server.metrics.value('telephony_webhooks_total', {
        provider: 'fakeline',
        outcome: 'body-timeout',
      }),
    ).toBe(1);
  });

  it('counts an aborted webhook upload without answering it or logging an error', async () => {
    const { lines, logger } = recordingLogger();
    const { server, address } = await startServer({ logger });
    const socket = connect(address.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(
      'POST /fakeline HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\ncallId=abc',
    );
    await eventually(() => socket.bytesWritten > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await eventually(
      () =>
        server.metrics.value('telephony_webhooks_total', {
          provider: 'fakeline',
          outcome: 'aborted',
        }) === 1,
    );
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
