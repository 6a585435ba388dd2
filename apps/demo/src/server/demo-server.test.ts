import {
  CallRefusedError,
  type ProviderName,
  plivoSignatureV3,
  signTelnyxWebhook,
  startCall,
  twilioRequestSignature,
} from '@x/phone-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  PLIVO_AUTH_TOKEN,
  type SecuredDemo,
  startSecuredDemo,
  TEST_PUBLIC_URL,
  TWILIO_AUTH_TOKEN,
} from '../testing/provider-test-setup.js';
import { socketUrl, startTestServer } from '../testing/test-server.js';
import type { DemoServer } from './demo-server.js';

const PROVIDERS: readonly ProviderName[] = ['twilio', 'telnyx', 'plivo'];
const TWILIO_FORM = { CallSid: `CA${'5'.repeat(32)}`, From: '+15550100', To: '+15550199' };
/** Each provider's webhook names its call in its own field. */
const WEBHOOK_FORMS: Readonly<Record<ProviderName, Record<string, string>>> = {
  twilio: TWILIO_FORM,
  telnyx: { CallSid: 'v3:webhook-test-call', From: '+15550100', To: '+15550199' },
  plivo: { CallUUID: '5e8f1c3a-0000-4000-8000-000000000001', From: '15550100', To: '15550199' },
};
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

function metricValue(server: DemoServer, line: string): number {
  const found = server.metrics
    .render()
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
    await server?.close();
  });

  it('answers /healthz with its state and the number of calls', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toMatchObject({ status: 'ok', activeCalls: 0 });
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

  it('answers unknown paths with 404 and a hint, and other methods with 405', async () => {
    const missing = await fetch(`${server.url}/../package.json`);
    expect(missing.status).toBe(404);
    const notFound = await fetch(`${server.url}/nothing-here`);
    expect(notFound.status).toBe(404);
    await expect(notFound.text()).resolves.toContain('Open / for the softphone');
    const wrongMethod = await fetch(`${server.url}/twilio`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    const plainGetOnSocket = await fetch(`${server.url}/ws`);
    expect(plainGetOnSocket.status).toBe(426);
  });

  it('points webhook markup at /ws on the host the provider called through the tunnel', async () => {
    const headers = { host: 'abc123.ngrok.app', 'x-forwarded-proto': 'https', ...FORM_HEADERS };
    const markup = await postWebhook(
      server,
      '/twilio',
      headers,
      new URLSearchParams(TWILIO_FORM).toString(),
    );
    expect(markup.status).toBe(200);
    expect(markup.body).toContain('<Stream url="wss://abc123.ngrok.app/ws"');
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
      await proxied.close();
    }
  });

  it('counts a malformed message as a protocol error and keeps the call going', async () => {
    const metric = 'demo_protocol_errors_total{kind="invalid-json",provider="twilio"}';
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

  it('reports calls, frames, interruptions and hang-ups at /metrics in Prometheus format', async () => {
    const call = await startCall({ url: socketUrl(server, '/ws'), provider: 'telnyx' });
    await call.waitFor('first-bot-audio');
    await call.sendSilence(200);
    await call.sendDtmf('#');
    await call.ended;
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('# TYPE demo_active_calls gauge');
    expect(text).toContain('# TYPE demo_calls_total counter');
    expect(text).toMatch(/^demo_calls_total\{provider="telnyx"\} [1-9]/m);
    expect(text).toMatch(/^demo_frames_in_total\{provider="telnyx"\} [1-9]\d*/m);
    expect(text).toMatch(/^demo_frames_out_total\{provider="telnyx"\} [1-9]\d*/m);
    expect(text).toContain('# TYPE demo_interruptions_total counter');
    expect(text).toContain('# TYPE demo_hang_ups_total counter');
    expect(text).toContain('# TYPE demo_protocol_errors_total counter');
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

  it('refuses WebSockets on other paths with 404', async () => {
    const result = await connectRaw(socketUrl(server, '/elsewhere'));
    expect(result.status).toBe(404);
  });
});

describe('demo server with every provider secret set', () => {
  let demo: SecuredDemo;

  beforeAll(async () => {
    demo = await startSecuredDemo();
  });

  afterAll(async () => {
    await demo?.close();
  });

  it.each(PROVIDERS)(
    'answers a correctly signed %s webhook with its markup pointing at wss://PUBLIC_URL/ws',
    async (provider) => {
      const { headers, body } = signedWebhook(demo, provider);
      const answer = await postWebhook(demo.server, `/${provider}`, headers, body);
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('wss://demo.example.test/ws');
      // the answer binds the stream to this call: a token for the call the webhook names
      expect(answer.body).toMatch(/callToken[=" a-z]+[0-9]+x[0-9a-f]{32}/);
    },
  );

  it.each(PROVIDERS)(
    'answers a signed %s webhook that names no call with 400 and no token',
    async (provider) => {
      const { headers, body } = signedWebhook(demo, provider, { From: '+15550100' });
      const answer = await postWebhook(demo.server, `/${provider}`, headers, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('does not say which');
    },
  );

  it('refuses a Twilio webhook sent as text/plain, which Twilio never signs, with 403', async () => {
    const url = `${TEST_PUBLIC_URL}/twilio`;
    const answer = await postWebhook(
      demo.server,
      '/twilio',
      {
        'content-type': 'text/plain',
        // a signature over the URL alone: valid for an empty form, replayable for any body
        'x-twilio-signature': twilioRequestSignature(TWILIO_AUTH_TOKEN, url, {}),
      },
      'CallSid=CA0000000000000000000000000000beef',
    );
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('text/plain');
  });

  it.each(PROVIDERS)('refuses a %s webhook with a bad signature with 403', async (provider) => {
    const { headers, body } = signedWebhook(demo, provider);
    const refusedBefore = metricValue(
      demo.server,
      `demo_refused_requests_total{reason="bad-signature",route="/${provider}"}`,
    );
    const tampered = await postWebhook(demo.server, `/${provider}`, headers, `${body}&Extra=1`);
    expect(tampered.status).toBe(403);
    expect(tampered.body).toContain('Forbidden');
    const unsigned = await postWebhook(demo.server, `/${provider}`, FORM_HEADERS, body);
    expect(unsigned.status).toBe(403);
    expect(
      metricValue(
        demo.server,
        `demo_refused_requests_total{reason="bad-signature",route="/${provider}"}`,
      ),
    ).toBe(refusedBefore + 2);
  });

  it.each(PROVIDERS)(
    'refuses a %s media stream with a bad signature with 403 and starts no call',
    async (provider) => {
      const refusal = await startCall(
        demo.directCallOptions(provider, { authToken: 'not-the-secret' }),
      ).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(CallRefusedError);
      expect((refusal as CallRefusedError).statusCode).toBe(403);
      expect((refusal as CallRefusedError).body).toContain('authentication failed');
      expect(metricValue(demo.server, `demo_calls_total{provider="${provider}"}`)).toBe(0);
    },
  );

  it.each(PROVIDERS)(
    'closes an unauthenticated %s media stream without starting a call',
    async (provider) => {
      const call = await startCall({ ...demo.directCallOptions(provider), authToken: undefined });
      const summary = await call.ended;
      expect(summary.close?.code).toBe(1008);
      expect(summary.close?.reason).toContain('authentication required');
      expect(summary.bot.mediaMessages).toBe(0);
      expect(metricValue(demo.server, `demo_calls_total{provider="${provider}"}`)).toBe(0);
      expect(demo.api.hangUps(provider)).toHaveLength(0);
    },
  );
});

/** A webhook request signed as `provider` signs it, for the public URL of `/<provider>`. */
function signedWebhook(
  demo: SecuredDemo,
  provider: ProviderName,
  form: Record<string, string> = WEBHOOK_FORMS[provider],
): { headers: Record<string, string>; body: string } {
  const url = `${TEST_PUBLIC_URL}/${provider}`;
  const body = new URLSearchParams(form).toString();
  switch (provider) {
    case 'twilio':
      return {
        headers: {
          ...FORM_HEADERS,
          'x-twilio-signature': twilioRequestSignature(TWILIO_AUTH_TOKEN, url, form),
        },
        body,
      };
    case 'telnyx':
      return {
        headers: { ...FORM_HEADERS, ...signTelnyxWebhook(demo.telnyxKeys.privateKey, body) },
        body,
      };
    case 'plivo': {
      const nonce = `${Date.now()}${Math.floor(Math.random() * 1e9)}`;
      const signature = plivoSignatureV3({
        authToken: PLIVO_AUTH_TOKEN,
        method: 'POST',
        url,
        nonce,
        parameters: form,
      });
      return {
        headers: {
          ...FORM_HEADERS,
          'x-plivo-signature-v3': signature,
          'x-plivo-signature-v3-nonce': nonce,
        },
        body,
      };
    }
  }
}

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
