import {
  CALL_TOKEN_PARAMETER,
  type FetchFunction,
  type IncomingRequestLike,
  silentLogger,
} from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from './__fixtures__/load-fixture.js';
import { createPlivo, type PlivoProvider, type PlivoSettings } from './create-plivo.js';
import type { PlivoCallData } from './plivo-call-data.js';
import { parsePlivoExtraHeaders } from './plivo-extra-headers.js';
import {
  PLIVO_SIGNATURE_MA_V3_HEADER,
  PLIVO_SIGNATURE_V3_HEADER,
  PLIVO_SIGNATURE_V3_NONCE_HEADER,
  plivoSignatureV3,
} from './plivo-signature.js';

const AUTH_ID = 'MATESTAUTHID12345678';
const AUTH_TOKEN = 'plivo-test-auth-token';
const STREAM_TOKEN_SECRET = 'create-plivo-test-secret-0123456789abcdef';
const CALL_UUID = '6f0e7c1a-0000-4000-8000-000000000001';
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
  it('checks V3 signatures with the auth token, and hangs up only with the auth ID too, saying which is missing', () => {
    const summaryWith = (settings: PlivoSettings) =>
      createPlivo({ env: {}, ...settings }).security.summary;
    const hangUpOff = 'hang-up off (set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN)';
    const unchecked = `${hangUpOff}, signatures not checked (set PLIVO_AUTH_TOKEN)`;
    expect(summaryWith({})).toBe(unchecked);
    expect(summaryWith({ authId: AUTH_ID })).toBe(unchecked);
    expect(summaryWith({ authToken: AUTH_TOKEN })).toBe(
      `${hangUpOff}, V3 signatures checked, streams call-bound`,
    );
    expect(createPlivo(secured()).security).toEqual({
      webhooksVerified: true,
      upgradesVerified: true,
      callBoundStreams: true,
      hangUpEnabled: true,
      summary: 'hang-up on, V3 signatures checked, streams call-bound',
    });
  });

  it('accepts each signed webhook once, refusing its replay, and claims upgrades signed with either V3 header', () => {
    const plivo = createPlivo(secured());
    const webhook = signedWebhook();
    expect(plivo.verifyWebhook(webhook)).toEqual({ ok: true });
    expect(plivo.verifyWebhook(webhook)).toEqual({
      ok: false,
      reason: 'nonce already used (replay)',
    });
    expect(plivo.claimsUpgrade({ headers: { [PLIVO_SIGNATURE_V3_HEADER]: 'x' } })).toBe(true);
    expect(plivo.claimsUpgrade({ headers: { [PLIVO_SIGNATURE_MA_V3_HEADER]: 'x' } })).toBe(true);
  });

  it('refuses webhooks, upgrades and streams when no auth token is set, naming PLIVO_AUTH_TOKEN', () => {
    const plivo = createPlivo({ env: {}, authId: AUTH_ID });
    const refusal = { ok: false, reason: expect.stringContaining('set PLIVO_AUTH_TOKEN') };
    expect(plivo.verifyWebhook(signedWebhook())).toEqual(refusal);
    expect(plivo.verifyUpgrade({ method: 'GET', url: STREAM_URL, headers: {} })).toEqual(refusal);
    expect(plivo.checkStream(startedCall(plivo, CALL_UUID))).toEqual(refusal);
  });
});

describe('createPlivo calls', () => {
  it('answers with XML whose extraHeaders token passes checkStream for that call', () => {
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
  });

  it('answers without extraHeaders when streams are not call-bound and no parameters are given', () => {
    const plivo = createPlivo({ env: {}, authId: AUTH_ID });
    const answer = plivo.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL });
    expect(answer.body).not.toContain('extraHeaders');
  });

  it('hangs up a call-bound stream over the configured API with the injected fetch, naming the auth ID and call', async () => {
    const urls: string[] = [];
    const fetch: FetchFunction = async (input) => {
      urls.push(input);
      return new Response(null, { status: 204 });
    };
    const plivo = createPlivo(secured({ fetch }));
    const answer = plivo.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL });
    const serializer = plivo.createSerializer(
      startedCall(plivo, CALL_UUID, extraHeadersOf(answer.body)),
      { callBound: true },
    );
    serializer.setup({
      audioInSampleRate: 16_000,
      audioOutSampleRate: 16_000,
      logger: silentLogger,
    });
    await serializer.hangUp();
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(new RegExp(`^${API_BASE_URL}/.*${AUTH_ID}.*${CALL_UUID}`));
    expect(serializer.hangUpOutcome).toBe('hung-up');
  });
});
