import { connect } from 'node:net';
import { RawWebSocketClient, startCall } from '@x/phone-simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { socketUrl, startTestServer } from '../testing/test-server.js';
import type { DemoServer } from './demo-server.js';

let server: DemoServer | undefined;
const clients: RawWebSocketClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  server = undefined;
});

async function open(path = '/ws', headers: Record<string, string> = {}) {
  const client = await RawWebSocketClient.open(server!.port, path, { headers });
  clients.push(client);
  return client;
}

function metric(line: string): number {
  const found = server!.metrics
    .render()
    .split('\n')
    .find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

const TWILIO_CONNECTED = '{"event":"connected","protocol":"Call","version":"1.0.0"}';
const STREAM_SID = `MZ${'3'.repeat(32)}`;
const TWILIO_START = JSON.stringify({
  event: 'start',
  sequenceNumber: '1',
  start: {
    accountSid: `AC${'3'.repeat(32)}`,
    streamSid: STREAM_SID,
    callSid: `CA${'3'.repeat(32)}`,
    tracks: ['inbound'],
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    customParameters: {},
  },
  streamSid: STREAM_SID,
});
const TWILIO_MEDIA = JSON.stringify({
  event: 'media',
  sequenceNumber: '2',
  media: {
    track: 'inbound',
    chunk: '1',
    timestamp: '0',
    payload: Buffer.alloc(160, 0xff).toString('base64'),
  },
  streamSid: STREAM_SID,
});

/** Polls until `predicate` holds (bounded). */
async function eventually(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('demo server limits', () => {
  it('answers 503 at the upgrade past MAX_CALLS, and admits again once a call ends', async () => {
    server = await startTestServer({ MAX_CALLS: '2' });
    const first = await open();
    await open();
    const third = await open();
    expect(third.status).toBe(503);
    expect(third.received.toString()).toContain('limit of 2 calls');
    first.destroy();
    let admitted = false;
    for (let attempt = 0; attempt < 50 && !admitted; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      admitted = (await open()).upgraded;
    }
    expect(admitted).toBe(true);
    expect(metric('demo_refused_requests_total{reason="too-many-calls",route="/ws"}')).toBe(1);
  });

  it('answers 429 to a fourth stream being set up from one address, and 503 past the total', async () => {
    server = await startTestServer({
      MAX_PENDING_STREAMS: '4',
      MAX_PENDING_STREAMS_PER_ADDRESS: '3',
      TRUST_PROXY: 'true',
    });
    for (let index = 0; index < 3; index++) {
      expect((await open('/ws', { 'x-forwarded-for': '203.0.113.7' })).upgraded).toBe(true);
    }
    const fourth = await open('/ws', { 'x-forwarded-for': '203.0.113.7' });
    expect(fourth.status).toBe(429);
    expect((await open('/ws', { 'x-forwarded-for': '198.51.100.2' })).upgraded).toBe(true);
    expect((await open('/ws', { 'x-forwarded-for': '198.51.100.3' })).status).toBe(503);
  });

  it('does not count a started call as being set up: calls from one address are not capped by it', async () => {
    server = await startTestServer({
      MAX_PENDING_STREAMS_PER_ADDRESS: '1',
      MAX_PENDING_STREAMS: '1',
    });
    const calls = [];
    for (let index = 0; index < 3; index++) {
      const call = await startCall({ url: socketUrl(server, '/ws'), provider: 'telnyx' });
      await call.waitFor('first-bot-audio', { timeoutMs: 8_000 });
      calls.push(call);
    }
    expect(server.activeCalls).toBe(3);
    await Promise.all(calls.map((call) => call.hangUp()));
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    server = await startTestServer({
      MAX_PENDING_STREAMS_PER_ADDRESS: '1',
      MAX_PENDING_STREAMS: '4',
    });
    expect((await open('/ws', { 'x-forwarded-for': '203.0.113.1' })).upgraded).toBe(true);
    expect((await open('/ws', { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);
  });

  it('closes a stream that sends start and then no audio, with 1008, after FIRST_AUDIO_TIMEOUT', async () => {
    server = await startTestServer({ FIRST_AUDIO_TIMEOUT: '0.5' });
    const client = await open();
    client.sendText(TWILIO_CONNECTED);
    client.sendText(TWILIO_START);
    const startedAt = Date.now();
    expect(await client.waitForCloseFrame(5_000)).toBe(true);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(400);
    expect(client.received.toString('latin1')).toContain('no caller audio within 500 ms');
    await eventually(() => metric('demo_calls_ended_total{reason="no-audio"}') === 1);
  });

  it('closes a call that floods media above MAX_MEDIA_MESSAGES_PER_SECOND, with 1008', async () => {
    server = await startTestServer({ MAX_MEDIA_MESSAGES_PER_SECOND: '50' });
    const client = await open();
    client.sendText(TWILIO_CONNECTED);
    client.sendText(TWILIO_START);
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let index = 0; index < 400; index++) client.sendText(TWILIO_MEDIA);
    expect(await client.waitForCloseFrame(5_000)).toBe(true);
    await eventually(() => metric('demo_calls_ended_total{reason="inbound-rate-exceeded"}') === 1);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('answers 408 to a webhook whose body does not arrive within WEBHOOK_BODY_TIMEOUT', async () => {
    server = await startTestServer({ WEBHOOK_BODY_TIMEOUT: '0.5' });
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write(
      'POST /twilio HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nCallSid=CA',
    );
    const startedAt = Date.now();
    await closed;
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(metric('demo_refused_requests_total{reason="body-timeout",route="/twilio"}')).toBe(1);
  });

  it('counts an aborted webhook upload without logging an error', async () => {
    const lines: { level: string; message: string }[] = [];
    const record =
      (level: string) =>
      (fields: object | string, message?: string): void => {
        lines.push({ level, message: typeof fields === 'string' ? fields : (message ?? '') });
      };
    server = await startTestServer(
      {},
      {
        logger: {
          debug: record('debug'),
          info: record('info'),
          warn: record('warn'),
          error: record('error'),
        },
      },
    );
    const socket = connect(server.port, '127.0.0.1');
    socket.write(
      'POST /plivo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nCallUUID=abc',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await eventually(
      () => metric('demo_refused_requests_total{reason="aborted",route="/plivo"}') === 1,
    );
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('answers /livez 200 while /healthz reports readiness', async () => {
    server = await startTestServer();
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    await expect(health.json()).resolves.toMatchObject({ status: 'ok' });
  });
});
