import {
  CALL_TOKEN_PARAMETER,
  type FetchFunction,
  type FrameSerializer,
  type IncomingRequestLike,
  silentLogger,
} from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from './__fixtures__/load-fixture.js';
import { createPlivo, type PlivoProvider, type PlivoSettings } from './create-plivo.js';
import type { PlivoCallData } from './plivo-call-data.js';
import { parsePlivoExtraHeaders } from './plivo-extra-headers.js';
import {
  PLIVO_SIGNATURE_V3_HEADER,
  PLIVO_SIGNATURE_V3_NONCE_HEADER,
  plivoSignatureV3,
  plivoUpgradeSignatureUrls,
} from './plivo-signature.js';

const AUTH_ID = 'MATESTAUTHID12345678';
const AUTH_TOKEN = 'plivo-test-auth-token';
const STREAM_TOKEN_SECRET = 'create-plivo-test-secret-0123456789abcdef';
const CALL_UUID = '6f0e7c1a-0000-4000-8000-000000000001';
const OTHER_CALL_UUID = '6f0e7c1a-0000-4000-8000-00000000beef';
const WEBHOOK_URL = 'https://bot.example.test/plivo';
const STREAM_URL = 'wss://bot.example.test/ws';
const API_BASE_URL = 'http://127.0.0.1:9/plivo-api';
const NOW_MS = 1_767_225_600_000;

/** Every credential set, nothing read from the environment, the clock at `NOW_MS`. */
function secured(overrides: PlivoSettings = {}): PlivoSettings {
  return {
    env: {},
    authId: AUTH_ID,
    authToken: AUTH_TOKEN,
    apiBaseUrl: API_BASE_URL,
    callTokenSecret: STREAM_TOKEN_SECRET,
    now: () => NOW_MS,
    ...overrides,
  };
}

let nonces = 0;

/** An answer webhook for `callUuid`, V3-signed as Plivo signs it, with a fresh nonce. */
function signedWebhook(callUuid = CALL_UUID, authToken = AUTH_TOKEN): IncomingRequestLike {
  const params = { CallUUID: callUuid, Direction: 'inbound' };
  const nonce = `nonce${++nonces}`;
  return {
    method: 'POST',
    url: WEBHOOK_URL,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      [PLIVO_SIGNATURE_V3_HEADER]: plivoSignatureV3({
        method: 'POST',
        url: WEBHOOK_URL,
        params,
        nonce,
        authToken,
      }),
      [PLIVO_SIGNATURE_V3_NONCE_HEADER]: nonce,
    },
    rawBody: new URLSearchParams(params).toString(),
  };
}

/** The custom parameters a Plivo XML answer passes in `extraHeaders`. */
function extraHeadersOf(xml: string): Record<string, string> {
  const attribute = /extraHeaders="([^"]*)"/.exec(xml)?.[1];
  return attribute === undefined ? {} : parsePlivoExtraHeaders(attribute);
}

/** The call data of a real start message naming `callUuid`, whose extra headers are `headers`. */
function startedCall(
  provider: PlivoProvider,
  callUuid: string,
  headers: Record<string, string> = {},
): PlivoCallData {
  const message = fixtureJson('start.json');
  (message.start as Record<string, unknown>).callId = callUuid;
  message.extra_headers = Object.entries(headers)
    .map(([name, value]) => `${name}=${value}`)
    .join(';');
  const recognition = provider.recognize(message);
  if (recognition?.kind !== 'start') throw new Error('the start fixture was not recognised');
  return recognition.callData;
}

/** A `fetch` that answers every request with 204 and remembers its URL. */
function recordingFetch(): { fetch: FetchFunction; urls: string[] } {
  const urls: string[] = [];
  const fetch: FetchFunction = async (input) => {
    urls.push(input);
    return new Response(null, { status: 204 });
  };
  return { fetch, urls };
}

/** Ends the call the way the output transport does, and waits for the hang-up to settle. */
async function endCall(serializer: FrameSerializer): Promise<void> {
  serializer.setup({ audioInSampleRate: 16_000, audioOutSampleRate: 16_000, logger: silentLogger });
  await serializer.hangUp?.();
}

describe('createPlivo settings', () => {
  it('reads the credentials from the environment when they are not given', () => {
    const plivo = createPlivo({ env: { PLIVO_AUTH_ID: AUTH_ID, PLIVO_AUTH_TOKEN: AUTH_TOKEN } });
    expect(plivo.security).toMatchObject({ webhooksVerified: true, hangUpEnabled: true });
    expect(plivo.verifyWebhook(signedWebhook())).toEqual({ ok: true });
  });

  it('lets an explicit setting win over its environment variable', () => {
    const plivo = createPlivo({
      env: { PLIVO_AUTH_TOKEN: 'the-environment-token' },
      authToken: AUTH_TOKEN,
    });
    expect(plivo.verifyWebhook(signedWebhook())).toEqual({ ok: true });
    expect(plivo.verifyWebhook(signedWebhook(CALL_UUID, 'the-environment-token')).ok).toBe(false);
  });

  it('throws at construction for a short call-token secret, an empty token or a bad API URL', () => {
    expect(() => createPlivo(secured({ callTokenSecret: 'short' }))).toThrow(
      /^createPlivo: .*at least 32 bytes, got 5/,
    );
    expect(() => createPlivo(secured({ authId: ' ' }))).toThrow(/PLIVO_AUTH_ID/);
    expect(() => createPlivo({ env: { PLIVO_API_BASE_URL: 'api.plivo.com' } })).toThrow(
      /PLIVO_API_BASE_URL/,
    );
    expect(() => createPlivo(secured({ hangUpTimeoutMs: 0 }))).toThrow(/hangUpTimeoutMs/);
  });
});

describe('createPlivo security', () => {
  it('checks nothing and hangs nothing up without credentials', () => {
    expect(createPlivo({ env: {} }).security).toEqual({
      webhooksVerified: false,
      upgradesVerified: false,
      callBoundStreams: false,
      hangUpEnabled: false,
      summary:
        'hang-up off (set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN), signatures not checked (set PLIVO_AUTH_TOKEN)',
    });
  });

  it('with the auth token alone, checks signatures and binds streams, but cannot hang up', () => {
    expect(createPlivo({ env: {}, authToken: AUTH_TOKEN }).security).toEqual({
      webhooksVerified: true,
      upgradesVerified: true,
      callBoundStreams: true,
      hangUpEnabled: false,
      summary:
        'hang-up off (set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN), V3 signatures checked, streams call-bound',
    });
  });

  it('with the auth id alone, still neither checks nor hangs up', () => {
    expect(createPlivo({ env: {}, authId: AUTH_ID }).security).toMatchObject({
      webhooksVerified: false,
      callBoundStreams: false,
      hangUpEnabled: false,
    });
  });

  it('with both, checks, binds streams and hangs up', () => {
    expect(createPlivo(secured()).security).toEqual({
      webhooksVerified: true,
      upgradesVerified: true,
      callBoundStreams: true,
      hangUpEnabled: true,
      summary: 'hang-up on, V3 signatures checked, streams call-bound',
    });
  });
});

describe('createPlivo webhooks and upgrades', () => {
  it('accepts a correctly signed webhook once, and refuses a tampered one or its replay', () => {
    const plivo = createPlivo(secured());
    const webhook = signedWebhook();
    expect(plivo.verifyWebhook(webhook)).toEqual({ ok: true });
    expect(plivo.verifyWebhook(webhook).ok).toBe(false);
    const tampered = { ...signedWebhook(), rawBody: `CallUUID=${OTHER_CALL_UUID}` };
    expect(plivo.verifyWebhook(tampered).ok).toBe(false);
  });

  it('accepts a correctly signed upgrade, and claims only requests carrying a V3 signature', () => {
    const plivo = createPlivo(secured());
    const nonce = 'upgrade-nonce';
    const signedUrl = plivoUpgradeSignatureUrls(STREAM_URL)[0]!;
    const upgrade = {
      method: 'GET',
      url: STREAM_URL,
      headers: {
        [PLIVO_SIGNATURE_V3_HEADER]: plivoSignatureV3({
          method: 'GET',
          url: signedUrl,
          nonce,
          authToken: AUTH_TOKEN,
        }),
        [PLIVO_SIGNATURE_V3_NONCE_HEADER]: nonce,
      },
    };
    expect(plivo.claimsUpgrade(upgrade)).toBe(true);
    expect(plivo.verifyUpgrade(upgrade)).toEqual({ ok: true });
    expect(plivo.claimsUpgrade({ headers: {} })).toBe(false);
  });

  it('refuses webhooks and upgrades when no auth token is set, naming PLIVO_AUTH_TOKEN', () => {
    const plivo = createPlivo({ env: {} });
    const refusal = { ok: false, reason: expect.stringContaining('PLIVO_AUTH_TOKEN') };
    expect(plivo.verifyWebhook(signedWebhook())).toEqual(refusal);
    expect(plivo.verifyUpgrade({ method: 'GET', url: STREAM_URL, headers: {} })).toEqual(refusal);
  });

  it('reads the call UUID of a webhook', () => {
    expect(createPlivo({ env: {} }).callIdOfWebhook(signedWebhook())).toBe(CALL_UUID);
  });
});

describe('createPlivo call-bound streams', () => {
  it('answers with XML whose extraHeaders token passes checkStream for that call, and not for another', () => {
    const plivo = createPlivo(secured());
    const answer = plivo.answerWebhook(signedWebhook(), {
      streamUrl: STREAM_URL,
      parameters: { userId: '12345' },
    });
    expect(answer.contentType).toBe('application/xml');
    expect(answer.body).toContain(`>${STREAM_URL}</Stream>`);
    const headers = extraHeadersOf(answer.body);
    expect(headers).toEqual({ userId: '12345', [CALL_TOKEN_PARAMETER]: expect.any(String) });
    expect(plivo.checkStream(startedCall(plivo, CALL_UUID, headers))).toEqual({ ok: true });
    expect(plivo.checkStream(startedCall(plivo, OTHER_CALL_UUID, headers))).toEqual({
      ok: false,
      reason: 'call token does not match this call',
    });
  });

  it('refuses a token once it has expired', () => {
    let nowMs = NOW_MS;
    const plivo = createPlivo(secured({ now: () => nowMs }));
    const answer = plivo.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL });
    nowMs += 600_000;
    expect(plivo.checkStream(startedCall(plivo, CALL_UUID, extraHeadersOf(answer.body)))).toEqual({
      ok: false,
      reason: 'call token expired',
    });
  });

  it('answers without a token when streams are not call-bound, and refuses every stream then', () => {
    const plivo = createPlivo({ env: {}, authId: AUTH_ID });
    const answer = plivo.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL });
    expect(extraHeadersOf(answer.body)).toEqual({});
    expect(plivo.checkStream(startedCall(plivo, CALL_UUID))).toEqual({
      ok: false,
      reason: expect.stringContaining('set PLIVO_AUTH_TOKEN'),
    });
  });
});

describe('createPlivo serializers', () => {
  it('hangs up a call-bound stream once, over the configured API, with the injected fetch', async () => {
    const { fetch, urls } = recordingFetch();
    const plivo = createPlivo(secured({ fetch }));
    const answer = plivo.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL });
    const serializer = plivo.createSerializer(
      startedCall(plivo, CALL_UUID, extraHeadersOf(answer.body)),
      { callBound: true },
    );
    await endCall(serializer);
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(new RegExp(`^${API_BASE_URL}/.*${AUTH_ID}.*${CALL_UUID}`));
    expect(serializer.hangUpOutcome).toBe('hung-up');
  });

  it('never sends a REST hang-up for a stream that is not call-bound, whatever the credentials', async () => {
    const { fetch, urls } = recordingFetch();
    const plivo = createPlivo(secured({ fetch }));
    const headers = extraHeadersOf(
      plivo.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL }).body,
    );
    await endCall(
      plivo.createSerializer(startedCall(plivo, CALL_UUID, headers), { callBound: false }),
    );
    await endCall(
      plivo.createSerializer(startedCall(plivo, OTHER_CALL_UUID, headers), { callBound: true }),
    );
    expect(urls).toEqual([]);
  });
});
