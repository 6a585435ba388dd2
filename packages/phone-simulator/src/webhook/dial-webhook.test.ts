import { type Clock, systemClock, type TimerHandle } from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { plivoSignatureV3 } from '../signing/plivo-signature.js';
import { generateTelnyxWebhookKeys } from '../signing/telnyx-webhook-signature.js';
import { twilioRequestSignature } from '../signing/twilio-signature.js';
import { telnyxSignatureIsValid } from '../testing-internal/telnyx-signature-check.js';
import {
  startTestWebhookServer,
  type TestWebhookServer,
  type WebhookReply,
} from '../testing-internal/test-webhook-server.js';
import { dialWebhook, MAX_WEBHOOK_ANSWER_BYTES } from './dial-webhook.js';
import { WebhookRefusedError } from './webhook-refused-error.js';

const TWILIO_CALL = {
  ids: {
    accountId: 'AC00000000000000000000000000000001',
    callId: 'CA00000000000000000000000000000002',
    streamId: 'MZ00000000000000000000000000000003',
  },
  from: '+15550100001',
  to: '+15550100002',
};
const TWIML =
  '<Response><Connect><Stream url="wss://demo.example.test/ws">' +
  '<Parameter name="callToken" value="t1"/></Stream></Connect></Response>';

let server: TestWebhookServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(reply: WebhookReply | (() => WebhookReply)): Promise<TestWebhookServer> {
  server = await startTestWebhookServer(typeof reply === 'function' ? reply : () => reply);
  return server;
}

/** The system clock, keeping count of the timers still pending. */
function countingClock(): { clock: Clock; pending: Set<TimerHandle> } {
  const pending = new Set<TimerHandle>();
  const clock: Clock = {
    now: () => systemClock.now(),
    setTimeout: (callback, delayMs) => {
      const handle = systemClock.setTimeout(() => {
        pending.delete(handle);
        callback();
      }, delayMs);
      pending.add(handle);
      return handle;
    },
    clearTimeout: (handle) => {
      pending.delete(handle);
      systemClock.clearTimeout(handle);
    },
  };
  return { clock, pending };
}

/** Bound on waiting for the server to see a connection close. */
const CONNECTION_CLOSE_WAIT_MS = 2_000;

/** True when `closed` resolves within a couple of seconds. */
async function closesSoon(closed: Promise<void>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CONNECTION_CLOSE_WAIT_MS);
  });
  const result = await Promise.race([closed.then(() => true), gaveUp]);
  clearTimeout(timer);
  return result;
}

async function refusal(promise: Promise<unknown>): Promise<WebhookRefusedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WebhookRefusedError);
  return error as WebhookRefusedError;
}

describe('the webhook request', () => {
  it('twilio: posts the ringing call as a form, signed over the URL and sorted parameters', async () => {
    const webhook = await serve({ status: 200, body: TWIML });
    const url = `${webhook.origin}/twilio?tenant=a`;
    const answer = await dialWebhook('twilio', TWILIO_CALL, { url, authToken: 'token' });
    const [request] = webhook.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/twilio?tenant=a' });
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.form).toEqual({
      AccountSid: TWILIO_CALL.ids.accountId,
      ApiVersion: '2010-04-01',
      CallSid: TWILIO_CALL.ids.callId,
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: '+15550100001',
      To: '+15550100002',
    });
    expect(request!.headers['x-twilio-signature']).toBe(
      twilioRequestSignature('token', url, request!.form),
    );
    expect(answer).toMatchObject({
      url,
      statusCode: 200,
      contentType: 'text/xml',
      streamUrl: 'wss://demo.example.test/ws',
      parameters: { callToken: 't1' },
      streamAttributes: { url: 'wss://demo.example.test/ws' },
      postedParameters: request!.form,
      body: TWIML,
    });
  });

  it('twilio: signs the public signatureUrl when it differs from the URL posted to', async () => {
    const webhook = await serve({ status: 200, body: TWIML });
    await dialWebhook('twilio', TWILIO_CALL, {
      url: `${webhook.origin}/twilio`,
      signatureUrl: 'https://demo.example.test/twilio',
      authToken: 'token',
      parameters: { CallerName: 'Jane & Joe' },
    });
    const [request] = webhook.requests;
    expect(request!.form.CallerName).toBe('Jane & Joe');
    expect(request!.headers['x-twilio-signature']).toBe(
      twilioRequestSignature('token', 'https://demo.example.test/twilio', request!.form),
    );
  });

  it('plivo: posts CallUUID and StartApp, signed with V3 over the POST URL form and the nonce', async () => {
    const webhook = await serve({
      status: 200,
      body: '<Response><Stream bidirectional="true" extraHeaders="callToken=t1">wss://demo.example.test/ws</Stream></Response>',
    });
    const url = `${webhook.origin}/plivo`;
    const call = {
      ...TWILIO_CALL,
      ids: { ...TWILIO_CALL.ids, callId: 'f7a3c1de-0000-4000-8000-000000000001' },
    };
    const answer = await dialWebhook('plivo', call, { url, authToken: 'plivo-token' });
    const [request] = webhook.requests;
    expect(request!.form).toEqual({
      CallUUID: 'f7a3c1de-0000-4000-8000-000000000001',
      CallStatus: 'ringing',
      Direction: 'inbound',
      Event: 'StartApp',
      From: '15550100001',
      To: '15550100002',
    });
    const nonce = request!.headers['x-plivo-signature-v3-nonce'] as string;
    expect(nonce).toMatch(/^\d{20}$/);
    const expected = plivoSignatureV3({
      authToken: 'plivo-token',
      method: 'POST',
      url,
      nonce,
      parameters: request!.form,
    });
    expect(request!.headers['x-plivo-signature-v3']).toBe(expected);
    expect(request!.headers['x-plivo-signature-ma-v3']).toBe(expected);
    expect(answer.parameters).toEqual({ callToken: 't1' });
  });

  it('telnyx: posts the TeXML fields, signed with Ed25519 over "timestamp|body"', async () => {
    const webhook = await serve({ status: 200, body: TWIML });
    const keys = generateTelnyxWebhookKeys();
    const call = { ...TWILIO_CALL, ids: { ...TWILIO_CALL.ids, callId: 'v3:abc' } };
    await dialWebhook('telnyx', call, {
      url: `${webhook.origin}/telnyx`,
      telnyxKeys: keys,
      dateNow: () => 1_700_000_000_500,
    });
    const [request] = webhook.requests;
    expect(request!.form).toMatchObject({
      AccountSid: TWILIO_CALL.ids.accountId,
      CallSid: 'v3:abc',
      CallSidLegacy: 'v3:abc',
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: '+15550100001',
      To: '+15550100002',
    });
    expect(request!.form.ConnectionId).toMatch(/^[1-9]\d{18}$/);
    expect(request!.headers['telnyx-timestamp']).toBe('1700000000');
    expect(
      telnyxSignatureIsValid(
        keys.publicKeyBase64,
        '1700000000',
        request!.rawBody,
        request!.headers['telnyx-signature-ed25519'] as string,
      ),
    ).toBe(true);
  });

  it('posts without signature headers when no secret is given', async () => {
    const webhook = await serve({ status: 200, body: TWIML });
    await dialWebhook('twilio', TWILIO_CALL, { url: `${webhook.origin}/twilio` });
    await dialWebhook('telnyx', TWILIO_CALL, { url: `${webhook.origin}/telnyx` });
    const headerNames = webhook.requests.flatMap((request) => Object.keys(request.headers));
    expect(headerNames.filter((name) => /signature|timestamp/.test(name))).toEqual([]);
  });

  it('goes through an injected fetch', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), init });
      return new Response(TWIML, { status: 200, headers: { 'content-type': 'application/xml' } });
    };
    const answer = await dialWebhook('twilio', TWILIO_CALL, {
      url: 'https://bot.example.test/twilio',
      fetch: fakeFetch,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('https://bot.example.test/twilio');
    expect(seen[0]!.init?.method).toBe('POST');
    expect(answer.contentType).toBe('application/xml');
  });
});

describe('refusals', () => {
  it('rejects a non-2xx answer with its status and the start of its body, leaving no connection open', async () => {
    const webhook = await serve({
      status: 403,
      body: 'Forbidden: bad signature',
      contentType: 'text/plain',
    });
    const { clock, pending } = countingClock();
    const error = await refusal(
      dialWebhook('twilio', TWILIO_CALL, { url: `${webhook.origin}/twilio`, clock }),
    );
    expect(error).toMatchObject({
      reason: 'status',
      statusCode: 403,
      body: 'Forbidden: bad signature',
      url: `${webhook.origin}/twilio`,
    });
    expect(error.message).toBe(
      `the webhook ${webhook.origin}/twilio answered HTTP 403: Forbidden: bad signature`,
    );
    expect(pending.size).toBe(0);
    expect(await closesSoon(webhook.requests[0]!.connectionClosed)).toBe(true);
  });

  it('rejects a 200 answer without a <Stream>', async () => {
    const webhook = await serve({
      status: 200,
      body: '<Response><Say>Sorry</Say><Hangup/></Response>',
    });
    const error = await refusal(
      dialWebhook('twilio', TWILIO_CALL, { url: `${webhook.origin}/twilio` }),
    );
    expect(error).toMatchObject({ reason: 'no-stream', statusCode: 200 });
    expect(error.message).toContain('answered HTTP 200 without a <Stream>: <Response><Say>Sorry');
    expect(await closesSoon(webhook.requests[0]!.connectionClosed)).toBe(true);
  });

  it('rejects a one-way <Start><Stream> for Twilio and Telnyx, which need <Connect><Stream>', async () => {
    const webhook = await serve({
      status: 200,
      body: '<Response><Start><Stream url="wss://demo.example.test/ws"/></Start></Response>',
    });
    for (const provider of ['twilio', 'telnyx'] as const) {
      const error = await refusal(
        dialWebhook(provider, TWILIO_CALL, { url: `${webhook.origin}/x` }),
      );
      expect(error.reason).toBe('no-stream');
      expect(error.message).toContain('a <Stream> inside <Start>');
      expect(error.message).toContain('only with <Connect><Stream>');
    }
  });

  it('rejects a <Stream> without a WebSocket URL', async () => {
    const webhook = await serve(() => ({
      status: 200,
      body:
        webhook.requests.length === 1
          ? '<Response><Stream bidirectional="true">  </Stream></Response>'
          : '<Response><Stream bidirectional="true">https://demo.example.test/ws</Stream></Response>',
    }));
    const empty = await refusal(
      dialWebhook('plivo', TWILIO_CALL, { url: `${webhook.origin}/plivo` }),
    );
    expect(empty.message).toContain('names no WebSocket URL');
    const https = await refusal(
      dialWebhook('plivo', TWILIO_CALL, { url: `${webhook.origin}/plivo` }),
    );
    expect(https.message).toContain(
      'not an absolute ws:// or wss:// URL: "https://demo.example.test/ws"',
    );
  });

  it('rejects when no answer comes within the timeout, closing the connection and clearing its timer', async () => {
    const webhook = await serve('never');
    const { clock, pending } = countingClock();
    const error = await refusal(
      dialWebhook('twilio', TWILIO_CALL, {
        url: `${webhook.origin}/twilio`,
        timeoutMs: 100,
        clock,
      }),
    );
    expect(error).toMatchObject({ reason: 'timeout', statusCode: undefined });
    expect(error.message).toBe(`the webhook ${webhook.origin}/twilio did not answer within 100 ms`);
    expect(pending.size).toBe(0);
    expect(await closesSoon(webhook.requests[0]!.connectionClosed)).toBe(true);
  });

  it('times out on the injected clock even when the injected fetch ignores its signal', async () => {
    const clock = new ManualClock();
    let signal: AbortSignal | undefined;
    const stuckFetch: typeof fetch = (_input, init) => {
      signal = init?.signal ?? undefined;
      return new Promise(() => {});
    };
    const dialing = refusal(
      dialWebhook('twilio', TWILIO_CALL, {
        url: 'https://bot.example.test/twilio',
        fetch: stuckFetch,
        clock,
      }),
    );
    await clock.advance(4_999);
    expect(signal?.aborted).toBe(false);
    await clock.advance(1);
    expect((await dialing).reason).toBe('timeout');
    expect(signal?.aborted).toBe(true);
  });

  it('rejects naming the cause when the server cannot be reached', async () => {
    const webhook = await serve({ status: 200, body: TWIML });
    const url = `${webhook.origin}/twilio`;
    await webhook.close();
    server = undefined;
    const error = await refusal(dialWebhook('twilio', TWILIO_CALL, { url }));
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('rejects an answer larger than it reads', async () => {
    const padding = ' '.repeat(MAX_WEBHOOK_ANSWER_BYTES);
    const webhook = await serve({ status: 200, body: `${TWIML}${padding}` });
    const error = await refusal(
      dialWebhook('twilio', TWILIO_CALL, { url: `${webhook.origin}/twilio` }),
    );
    expect(error.reason).toBe('too-large');
    expect(await closesSoon(webhook.requests[0]!.connectionClosed)).toBe(true);
  });

  it('refuses a webhook URL that is not http(s) before posting', async () => {
    await expect(
      dialWebhook('twilio', TWILIO_CALL, { url: 'ws://127.0.0.1:1/twilio' }),
    ).rejects.toThrow('the webhook URL must be http:// or https://, got "ws://127.0.0.1:1/twilio"');
  });
});
