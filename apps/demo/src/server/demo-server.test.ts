import { startCall } from '@x/phone-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadEchoBotPrompts } from '../bot/prompts.js';
import { endOfCallBoundMs } from '../calls/echo-call.js';
import { socketUrl, startTestServer } from '../testing/test-server.js';
import type { DemoServer } from './demo-server.js';

const TWILIO_FORM = { CallSid: `CA${'5'.repeat(32)}`, From: '+15550100', To: '+15550199' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

function metricValue(server: DemoServer, line: string): number {
  const found = server.telephony
    .renderMetrics()
    .split('\n')
    .find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

/** How long `connectRaw` waits for the server to close an opened socket, in milliseconds. */
const RAW_SOCKET_WAIT_MS = 1500;

/**
 * What a WebSocket client saw: refused with an HTTP status, opened and then closed by the server
 * with a code, or still open after `RAW_SOCKET_WAIT_MS` (`stillOpen`; the client then closes).
 */
function connectRaw(
  url: string,
  headers: Record<string, string> = {},
  messages: string[] = [],
): Promise<{ status?: number; body?: string; closeCode?: number; stillOpen?: boolean }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    const timer = setTimeout(() => {
      resolve({ stillOpen: true });
      socket.close();
    }, RAW_SOCKET_WAIT_MS);
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode, body });
      });
    });
    socket.on('open', () => {
      for (const message of messages) socket.send(message);
    });
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve({ closeCode: code });
    });
    socket.on('error', () => {});
  });
}

describe('demo server, no provider secrets set', () => {
  let server: DemoServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.telephony.close();
  });

  it('serves the softphone page, its modules and core’s μ-law codec', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('"@x/transport-core": "/vendor/g711-ulaw.js"');
    expect(html).toContain('/app/main.js');
    for (const path of [
      '/app/main.js',
      '/app/audio/capture-processor.js',
      '/vendor/g711-ulaw.js',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    }
    const codec = await (await fetch(`${server.url}/vendor/g711-ulaw.js`)).text();
    expect(codec).toContain('export function pcmToUlaw');
  });

  it('answers other paths with 404 and a hint, and other methods on them with 405', async () => {
    const missing = await fetch(`${server.url}/../package.json`);
    expect(missing.status).toBe(404);
    const notFound = await fetch(`${server.url}/nothing-here`);
    expect(notFound.status).toBe(404);
    await expect(notFound.text()).resolves.toContain('Open / for the softphone');
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('ignores X-Forwarded-Host for the markup unless TRUST_PROXY is set', async () => {
    const headers = {
      host: 'bot.internal:8765',
      'x-forwarded-host': 'evil.example',
      ...FORM_HEADERS,
    };
    const body = new URLSearchParams(TWILIO_FORM).toString();
    const untrusted = await postWebhook(server, '/twilio', headers, body);
    expect(untrusted.body).toContain('<Stream url="wss://bot.internal:8765/ws"');
    const proxied = await startTestServer({ TRUST_PROXY: 'true' });
    try {
      const trusted = await postWebhook(proxied, '/twilio', headers, body);
      expect(trusted.body).toContain('<Stream url="wss://evil.example/ws"');
    } finally {
      await proxied.telephony.close();
    }
  });

  it('counts a malformed message as a protocol error and keeps the call going', async () => {
    const metric = 'telephony_protocol_errors_total{kind="invalid-json",provider="twilio"}';
    const before = metricValue(server, metric);
    const connected = '{"event":"connected","protocol":"Call","version":"1.0.0"}';
    const result = await connectRaw(socketUrl(server, '/ws'), {}, [
      connected,
      twilioStart(),
      'not json',
    ]);
    expect(result.stillOpen).toBe(true);
    expect(metricValue(server, metric)).toBe(before + 1);
  });

  it('reports the kit’s metrics and its own frames, interruptions and hang-ups at /metrics', async () => {
    const call = await startCall({ url: socketUrl(server, '/ws'), provider: 'telnyx' });
    await call.waitFor('first-bot-audio');
    await call.sendSilence(200);
    await call.sendDtmf('#');
    await call.ended;
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toMatch(/^telephony_calls_started_total\{provider="telnyx"\} [1-9]/m);
    expect(text).toMatch(/^telephony_frames_in_total\{provider="telnyx"\} [1-9]\d*/m);
    expect(text).toMatch(/^telephony_frames_out_total\{provider="telnyx"\} [1-9]\d*/m);
    expect(text).toContain('# TYPE telephony_interruptions_total counter');
    expect(text).toContain('# TYPE telephony_hang_ups_total counter');
    expect(text).toContain('# TYPE telephony_protocol_errors_total counter');
  });

  it('refuses the softphone socket from another origin or without one, and accepts its own page', async () => {
    const url = socketUrl(server, '/softphone/ws');
    const foreign = await connectRaw(url, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain("origin 'https://evil.example' not allowed");
    const missing = await connectRaw(url);
    expect(missing.status).toBe(403);
    const own = await connectRaw(url, { origin: server.url }, ['not a twilio message']);
    expect(own.status).toBeUndefined();
    expect(own.closeCode).toBe(1008);
    const localhost = await connectRaw(url, { origin: `http://localhost:${server.port}` }, [
      'not a twilio message',
    ]);
    expect(localhost.closeCode).toBe(1008);
  });

  it('refuses a softphone socket whose Origin matches its own Host but not this server (DNS rebinding)', async () => {
    const url = socketUrl(server, '/softphone/ws');
    const rebound = `rebind.attacker.example:${server.port}`;
    const result = await connectRaw(url, { origin: `http://${rebound}`, host: rebound });
    expect(result.status).toBe(403);
    const forwarded = await connectRaw(url, {
      origin: 'https://abc123.ngrok.app',
      'x-forwarded-host': 'abc123.ngrok.app',
    });
    expect(forwarded.status).toBe(403);
  });
});

/** POSTs with node:http, which (unlike fetch) lets a test set the Host header as a tunnel does. */
async function postWebhook(
  server: DemoServer,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const outgoing = request(`${server.url}${path}`, { method: 'POST', headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function twilioStart(): string {
  const streamSid = `MZ${'7'.repeat(32)}`;
  return JSON.stringify({
    event: 'start',
    sequenceNumber: '1',
    start: {
      accountSid: `AC${'7'.repeat(32)}`,
      streamSid,
      callSid: `CA${'7'.repeat(32)}`,
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      customParameters: {},
    },
    streamSid,
  });
}

describe('demo server settings', () => {
  it('hands the limits of the environment to the server kit, in milliseconds, with the goodbye’s end bound', async () => {
    const server = await startTestServer({
      MAX_CALLS: '2',
      MAX_PENDING_STREAMS: '4',
      MAX_PENDING_STREAMS_PER_ADDRESS: '3',
      FIRST_AUDIO_TIMEOUT: '0.5',
      MAX_MEDIA_MESSAGES_PER_SECOND: '50',
      WEBHOOK_BODY_TIMEOUT: '2',
      DRAIN_TIMEOUT: '7',
    });
    try {
      expect(server.telephony.limits).toMatchObject({
        maxCalls: 2,
        maxPendingStreams: 4,
        maxPendingStreamsPerAddress: 3,
        firstAudioTimeoutMs: 500,
        maxMediaMessagesPerSecond: 50,
        webhookBodyTimeoutMs: 2000,
        drainTimeoutMs: 7000,
        endOfCallTimeoutMs: endOfCallBoundMs(await loadEchoBotPrompts()),
      });
    } finally {
      await server.telephony.close();
    }
  });
});
