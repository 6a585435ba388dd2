import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  CALL_TOKEN_PARAMETER,
  type FetchFunction,
  type IncomingRequestLike,
  silentLogger,
} from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from './__fixtures__/fixtures.js';
import { createTelnyx, type TelnyxProvider, type TelnyxSettings } from './create-telnyx.js';
import type { TelnyxCallData } from './telnyx-call-data.js';
import { TELNYX_STREAM_AUTH_TOKEN_HEADER } from './telnyx-request-verifier.js';
import {
  signTelnyxWebhook,
  TELNYX_SIGNATURE_HEADER,
  TELNYX_TIMESTAMP_HEADER,
} from './telnyx-signature.js';

const API_KEY = 'KEYtelnyx-test-api-key';
const STREAM_AUTH_TOKEN = 'telnyx-test-stream-token';
const STREAM_TOKEN_SECRET = 'create-telnyx-test-secret-0123456789abcdef';
const CALL_CONTROL_ID = 'v3:create-telnyx-test-call';
const WEBHOOK_URL = 'https://bot.example.test/telnyx';
const STREAM_URL = 'wss://bot.example.test/ws';
const API_BASE_URL = 'http://127.0.0.1:9/telnyx-api';
const NOW_MS = 1_767_225_600_000;

const keys = generateKeyPairSync('ed25519');
/** The base64 of the 32 raw bytes, as the Telnyx portal shows a public key. */
const PUBLIC_KEY = Buffer.from(
  String(keys.publicKey.export({ format: 'jwk' }).x),
  'base64url',
).toString('base64');

/** Every secret set, nothing read from the environment, the clock at `NOW_MS`. */
function secured(overrides: TelnyxSettings = {}): TelnyxSettings {
  return {
    env: {},
    apiKey: API_KEY,
    publicKey: PUBLIC_KEY,
    streamAuthToken: STREAM_AUTH_TOKEN,
    apiBaseUrl: API_BASE_URL,
    callTokenSecret: STREAM_TOKEN_SECRET,
    now: () => NOW_MS,
    ...overrides,
  };
}

/** A TeXML voice webhook for `callControlId`, signed now with `privateKey`. */
function signedWebhook(
  callControlId = CALL_CONTROL_ID,
  privateKey: KeyObject = keys.privateKey,
): IncomingRequestLike {
  const rawBody = new URLSearchParams({ CallControlId: callControlId, From: '+1555' }).toString();
  const timestamp = Math.floor(NOW_MS / 1000);
  return {
    method: 'POST',
    url: WEBHOOK_URL,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      [TELNYX_SIGNATURE_HEADER]: signTelnyxWebhook({ privateKey, timestamp, rawBody }),
      [TELNYX_TIMESTAMP_HEADER]: String(timestamp),
    },
    rawBody,
  };
}

/** The call token a TeXML answer carries, if any. */
function tokenOf(texml: string): string | undefined {
  return new RegExp(`<Parameter name="${CALL_TOKEN_PARAMETER}" value="([^"]*)"`).exec(texml)?.[1];
}

/** The call data of a real `start` message naming `callControlId` and presenting `token`. */
function startedCall(
  provider: TelnyxProvider,
  callControlId: string,
  token?: string,
): TelnyxCallData {
  const message = fixtureJson('start.json');
  const start = message.start as Record<string, unknown>;
  start.call_control_id = callControlId;
  start.custom_parameters = token === undefined ? {} : { [CALL_TOKEN_PARAMETER]: token };
  const recognition = provider.recognize(message);
  if (recognition?.kind !== 'start') throw new Error('the start fixture was not recognised');
  return recognition.callData;
}

describe('createTelnyx settings', () => {
  it('reads the credentials from the environment when they are not given', () => {
    const telnyx = createTelnyx({
      env: {
        TELNYX_API_KEY: API_KEY,
        TELNYX_PUBLIC_KEY: PUBLIC_KEY,
        TELNYX_STREAM_AUTH_TOKEN: STREAM_AUTH_TOKEN,
      },
      now: () => NOW_MS,
    });
    expect(telnyx.security).toMatchObject({
      webhooksVerified: true,
      upgradesVerified: true,
      hangUpEnabled: true,
    });
    expect(telnyx.verifyWebhook(signedWebhook())).toEqual({ ok: true });
  });

  it('lets an explicit setting win over its environment variable', () => {
    const telnyx = createTelnyx({
      env: { TELNYX_STREAM_AUTH_TOKEN: 'the-environment-token' },
      streamAuthToken: STREAM_AUTH_TOKEN,
    });
    const upgrade = (token: string) => ({
      method: 'GET',
      url: STREAM_URL,
      headers: { [TELNYX_STREAM_AUTH_TOKEN_HEADER]: token },
    });
    expect(telnyx.verifyUpgrade(upgrade(STREAM_AUTH_TOKEN))).toEqual({ ok: true });
    expect(telnyx.verifyUpgrade(upgrade('the-environment-token')).ok).toBe(false);
  });

  it('throws at construction for a public key that is not 32 bytes of base64, naming it', () => {
    const short = Buffer.alloc(16).toString('base64');
    expect(() => createTelnyx(secured({ publicKey: short }))).toThrow(
      /^createTelnyx: settings\.publicKey is not a Telnyx webhook public key: .*32 bytes/,
    );
    expect(() => createTelnyx({ env: { TELNYX_PUBLIC_KEY: 'not base64!' } })).toThrow(
      /^createTelnyx: TELNYX_PUBLIC_KEY is not a Telnyx webhook public key/,
    );
  });

  it('throws at construction for a short call-token secret, a bad API URL or bot audio format', () => {
    expect(() => createTelnyx(secured({ callTokenSecret: 'short' }))).toThrow(
      /^createTelnyx: .*at least 32 bytes, got 5/,
    );
    expect(() => createTelnyx({ env: { TELNYX_API_BASE_URL: 'api.telnyx.com' } })).toThrow(
      /TELNYX_API_BASE_URL/,
    );
    expect(() =>
      createTelnyx({
        env: {},
        botAudioFormat: { encoding: 'PCMU', sampleRate: 44_100, channels: 1 },
      }),
    ).toThrow(/^createTelnyx: settings\.botAudioFormat/);
  });
});

describe('createTelnyx security', () => {
  it('checks webhooks with the public key and upgrades with the stream token, saying which is missing', () => {
    const summaryWith = (settings: TelnyxSettings) =>
      createTelnyx({ env: {}, ...settings }).security.summary;
    const unchecked = 'webhook signatures not checked (set TELNYX_PUBLIC_KEY)';
    const checked = 'webhook Ed25519 signatures checked, streams call-bound';
    expect(summaryWith({})).toBe(
      `hang-up off (set TELNYX_API_KEY), ${unchecked}, no stream auth token`,
    );
    expect(summaryWith({ publicKey: PUBLIC_KEY })).toBe(
      `hang-up off (set TELNYX_API_KEY), ${checked}, no stream auth token`,
    );
    expect(createTelnyx(secured()).security).toEqual({
      webhooksVerified: true,
      upgradesVerified: true,
      callBoundStreams: true,
      hangUpEnabled: true,
      summary: `hang-up on, ${checked}, stream auth token required`,
    });
  });

  it('keeps hang-up off with an API key but no public key: no stream can prove its call', () => {
    expect(
      createTelnyx({ env: {}, apiKey: API_KEY, streamAuthToken: STREAM_AUTH_TOKEN }).security,
    ).toEqual({
      webhooksVerified: false,
      upgradesVerified: true,
      callBoundStreams: false,
      hangUpEnabled: false,
      summary:
        'hang-up off (set TELNYX_PUBLIC_KEY: only verified webhooks make streams call-bound), webhook signatures not checked (set TELNYX_PUBLIC_KEY), stream auth token required',
    });
  });

  it('accepts each signed webhook once, refusing its replay, and claims upgrades carrying the stream auth token', () => {
    const telnyx = createTelnyx(secured());
    expect(telnyx.verifyWebhook(signedWebhook())).toEqual({ ok: true });
    expect(telnyx.verifyWebhook(signedWebhook()).ok).toBe(false); // a replay
    const upgrade = { headers: { [TELNYX_STREAM_AUTH_TOKEN_HEADER]: 'any' } };
    expect(telnyx.claimsUpgrade(upgrade)).toBe(true);
  });

  it('refuses webhooks and streams without a public key and upgrades without a stream token, naming each', () => {
    const telnyx = createTelnyx({ env: {}, apiKey: API_KEY });
    const noPublicKey = { ok: false, reason: expect.stringContaining('set TELNYX_PUBLIC_KEY') };
    expect(telnyx.verifyWebhook(signedWebhook())).toEqual(noPublicKey);
    expect(telnyx.checkStream(startedCall(telnyx, CALL_CONTROL_ID))).toEqual(noPublicKey);
    expect(telnyx.verifyUpgrade({ method: 'GET', url: STREAM_URL, headers: {} })).toEqual({
      ok: false,
      reason:
        'Telnyx upgrades cannot be checked: set TELNYX_STREAM_AUTH_TOKEN (Telnyx does not sign WebSocket upgrades)',
    });
  });
});

describe('createTelnyx calls', () => {
  it('answers with TeXML in the bot audio format, whose <Parameter> token passes checkStream for that call', () => {
    const telnyx = createTelnyx(secured());
    const answer = telnyx.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL });
    expect(answer.contentType).toBe('application/xml');
    expect(answer.body).toContain(`url="${STREAM_URL}"`);
    expect(answer.body).toContain('bidirectionalCodec="PCMU"');
    const token = tokenOf(answer.body);
    expect(token).toMatch(/^\d+x[0-9a-f]{32}$/);
    expect(telnyx.checkStream(startedCall(telnyx, CALL_CONTROL_ID, token))).toEqual({ ok: true });
  });

  it('sends the bot audio format it declares in the TeXML', () => {
    const botAudioFormat = { encoding: 'L16', sampleRate: 16_000, channels: 1 } as const;
    const telnyx = createTelnyx({ env: {}, botAudioFormat });
    expect(telnyx.botAudioFormat).toEqual(botAudioFormat);
    const answer = telnyx.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL });
    expect(answer.body).toContain('bidirectionalCodec="L16"');
    expect(answer.body).toContain('bidirectionalSamplingRate="16000"');
  });

  it('hangs up a call-bound stream over Call Control with the injected fetch only when its upgrade proved the stream auth token', async () => {
    const urls: string[] = [];
    const fetch: FetchFunction = async (input) => {
      urls.push(input);
      return new Response('{"data":{"result":"ok"}}', { status: 200 });
    };
    const telnyx = createTelnyx(secured({ fetch }));
    const token = tokenOf(telnyx.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL }).body);
    const callData = startedCall(telnyx, CALL_CONTROL_ID, token);
    // an unverified upgrade and no connected message: the stream auth token was never proved
    const unproved = telnyx.createSerializer(callData, { callBound: true });
    const proved = telnyx.createSerializer(callData, { callBound: true, upgradeVerified: true });
    for (const serializer of [unproved, proved]) {
      serializer.setup({
        audioInSampleRate: 16_000,
        audioOutSampleRate: 16_000,
        logger: silentLogger,
      });
      await serializer.hangUp();
    }
    expect(urls).toEqual([`${API_BASE_URL}/v2/calls/${CALL_CONTROL_ID}/actions/hangup`]);
    expect(unproved.hangUpOutcome).not.toBe('hung-up');
    expect(proved.hangUpOutcome).toBe('hung-up');
  });
});
