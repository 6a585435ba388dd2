import {
  CALL_TOKEN_PARAMETER,
  type FetchFunction,
  type FrameSerializer,
  type IncomingRequestLike,
  silentLogger,
} from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from './__fixtures__/fixtures.js';
import { createTwilio, type TwilioProvider, type TwilioSettings } from './create-twilio.js';
import type { TwilioCallData } from './twilio-call-data.js';
import { twilioSignature } from './twilio-signature.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'twilio-test-auth-token';
const STREAM_TOKEN_SECRET = 'create-twilio-test-secret-0123456789abcdef';
const CALL_SID = `CA${'1'.repeat(32)}`;
const OTHER_CALL_SID = `CA${'2'.repeat(32)}`;
const WEBHOOK_URL = 'https://bot.example.test/twilio';
const STREAM_URL = 'wss://bot.example.test/ws';
const API_BASE_URL = 'http://127.0.0.1:9/twilio-api';
const NOW_MS = 1_767_225_600_000;

/** Every credential set, nothing read from the environment, the clock at `NOW_MS`. */
function secured(overrides: TwilioSettings = {}): TwilioSettings {
  return {
    env: {},
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiBaseUrl: API_BASE_URL,
    callTokenSecret: STREAM_TOKEN_SECRET,
    now: () => NOW_MS,
    ...overrides,
  };
}

/** A voice webhook for `callSid`, signed as Twilio signs it. */
function signedWebhook(callSid = CALL_SID, authToken = AUTH_TOKEN): IncomingRequestLike {
  const params = { CallSid: callSid, From: '+14155550100' };
  return {
    method: 'POST',
    url: WEBHOOK_URL,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(authToken, WEBHOOK_URL, params),
    },
    rawBody: new URLSearchParams(params).toString(),
  };
}

/** The call token a TwiML answer carries, if any. */
function tokenOf(twiml: string): string | undefined {
  return new RegExp(`<Parameter name="${CALL_TOKEN_PARAMETER}" value="([^"]*)"`).exec(twiml)?.[1];
}

/** The call data of a real `start` message naming `callSid` and presenting `token`. */
function startedCall(provider: TwilioProvider, callSid: string, token?: string): TwilioCallData {
  const message = fixtureJson('start.json');
  const start = message.start as Record<string, unknown>;
  start.callSid = callSid;
  start.customParameters = token === undefined ? {} : { [CALL_TOKEN_PARAMETER]: token };
  const recognition = provider.recognize(message);
  if (recognition?.kind !== 'start') throw new Error('the start fixture was not recognised');
  return recognition.callData;
}

/** A `fetch` that answers every request with 200 and remembers its URL. */
function recordingFetch(): { fetch: FetchFunction; urls: string[] } {
  const urls: string[] = [];
  const fetch: FetchFunction = async (input) => {
    urls.push(input);
    return new Response('{"status":"completed"}', { status: 200 });
  };
  return { fetch, urls };
}

/** Ends the call the way the output transport does, and waits for the hang-up to settle. */
async function endCall(serializer: FrameSerializer): Promise<void> {
  serializer.setup({ audioInSampleRate: 16_000, audioOutSampleRate: 16_000, logger: silentLogger });
  await serializer.hangUp?.();
}

describe('createTwilio settings', () => {
  it('reads the credentials from the environment when they are not given', () => {
    const twilio = createTwilio({
      env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN },
    });
    expect(twilio.security).toMatchObject({ webhooksVerified: true, hangUpEnabled: true });
    expect(twilio.verifyWebhook(signedWebhook())).toEqual({ ok: true });
  });

  it('lets an explicit setting win over its environment variable', () => {
    const twilio = createTwilio({
      env: { TWILIO_AUTH_TOKEN: 'the-environment-token' },
      authToken: AUTH_TOKEN,
    });
    expect(twilio.verifyWebhook(signedWebhook())).toEqual({ ok: true });
    expect(twilio.verifyWebhook(signedWebhook(CALL_SID, 'the-environment-token')).ok).toBe(false);
  });

  it('reads STREAM_TOKEN_SECRET, so every process with it accepts the tokens of the others', () => {
    const environment = { TWILIO_AUTH_TOKEN: 'a', STREAM_TOKEN_SECRET };
    const first = createTwilio({ env: environment, authToken: AUTH_TOKEN });
    const second = createTwilio({ env: environment, authToken: `${AUTH_TOKEN}-rotated` });
    const token = tokenOf(first.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL }).body);
    expect(second.checkStream(startedCall(second, CALL_SID, token))).toEqual({ ok: true });
  });

  it('throws at construction for a malformed account SID, naming where it came from', () => {
    expect(() => createTwilio(secured({ accountSid: 'AC123' }))).toThrow(
      /^createTwilio: the account SID \(settings\.accountSid\) must be "AC" followed by 32 hex digits, got "AC123"/,
    );
    expect(() => createTwilio({ env: { TWILIO_ACCOUNT_SID: 'CA-not-an-account' } })).toThrow(
      /TWILIO_ACCOUNT_SID/,
    );
  });

  it('throws at construction for a short call-token secret, an empty token or a bad API URL', () => {
    expect(() => createTwilio(secured({ callTokenSecret: 'short' }))).toThrow(
      /^createTwilio: .*callTokenSecret.* at least 32 bytes, got 5/,
    );
    expect(() => createTwilio({ env: { STREAM_TOKEN_SECRET: 'short' } })).toThrow(
      /STREAM_TOKEN_SECRET must be at least 32 bytes/,
    );
    expect(() => createTwilio(secured({ authToken: '' }))).toThrow(/TWILIO_AUTH_TOKEN/);
    expect(() => createTwilio({ env: { TWILIO_API_BASE_URL: 'api.twilio.com' } })).toThrow(
      /TWILIO_API_BASE_URL/,
    );
  });
});

describe('createTwilio security', () => {
  it('checks nothing and hangs nothing up without credentials', () => {
    expect(createTwilio({ env: {} }).security).toEqual({
      webhooksVerified: false,
      upgradesVerified: false,
      callBoundStreams: false,
      hangUpEnabled: false,
      summary:
        'hang-up off (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN), signatures not checked (set TWILIO_AUTH_TOKEN)',
    });
  });

  it('with the auth token alone, checks signatures and binds streams, but cannot hang up', () => {
    expect(createTwilio({ env: {}, authToken: AUTH_TOKEN }).security).toEqual({
      webhooksVerified: true,
      upgradesVerified: true,
      callBoundStreams: true,
      hangUpEnabled: false,
      summary:
        'hang-up off (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN), X-Twilio-Signature checked, streams call-bound',
    });
  });

  it('with the account SID alone, still neither checks nor hangs up', () => {
    expect(createTwilio({ env: {}, accountSid: ACCOUNT_SID }).security).toMatchObject({
      webhooksVerified: false,
      callBoundStreams: false,
      hangUpEnabled: false,
    });
  });

  it('with both, checks, binds streams and hangs up', () => {
    expect(createTwilio(secured()).security).toEqual({
      webhooksVerified: true,
      upgradesVerified: true,
      callBoundStreams: true,
      hangUpEnabled: true,
      summary: 'hang-up on, X-Twilio-Signature checked, streams call-bound',
    });
  });
});

describe('createTwilio webhooks and upgrades', () => {
  it('accepts a correctly signed webhook and upgrade, and refuses a tampered one', () => {
    const twilio = createTwilio(secured());
    expect(twilio.verifyWebhook(signedWebhook())).toEqual({ ok: true });
    const tampered = { ...signedWebhook(), rawBody: `CallSid=${OTHER_CALL_SID}&From=%2B1` };
    expect(twilio.verifyWebhook(tampered).ok).toBe(false);
    const upgrade = {
      method: 'GET',
      url: STREAM_URL,
      headers: { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, STREAM_URL) },
    };
    expect(twilio.claimsUpgrade(upgrade)).toBe(true);
    expect(twilio.verifyUpgrade(upgrade)).toEqual({ ok: true });
    expect(twilio.claimsUpgrade({ headers: {} })).toBe(false);
  });

  it('refuses webhooks and upgrades when no auth token is set, naming TWILIO_AUTH_TOKEN', () => {
    const twilio = createTwilio({ env: {} });
    const refusal = { ok: false, reason: expect.stringContaining('TWILIO_AUTH_TOKEN') };
    expect(twilio.verifyWebhook(signedWebhook())).toEqual(refusal);
    expect(twilio.verifyUpgrade({ method: 'GET', url: STREAM_URL, headers: {} })).toEqual(refusal);
  });

  it('reads the call SID of a webhook', () => {
    expect(createTwilio({ env: {} }).callIdOfWebhook(signedWebhook())).toBe(CALL_SID);
  });
});

describe('createTwilio call-bound streams', () => {
  it('answers with TwiML whose token passes checkStream for that call, and not for another', () => {
    const twilio = createTwilio(secured());
    const answer = twilio.answerWebhook(signedWebhook(), {
      streamUrl: STREAM_URL,
      parameters: { From: '+14155550100' },
    });
    expect(answer.contentType).toBe('text/xml');
    expect(answer.body).toContain(`<Stream url="${STREAM_URL}">`);
    expect(answer.body).toContain('<Parameter name="From" value="+14155550100"/>');
    const token = tokenOf(answer.body);
    expect(token).toMatch(/^\d+x[0-9a-f]{32}$/);
    expect(twilio.checkStream(startedCall(twilio, CALL_SID, token))).toEqual({ ok: true });
    // a replay: the same token presented by a stream naming another call
    expect(twilio.checkStream(startedCall(twilio, OTHER_CALL_SID, token))).toEqual({
      ok: false,
      reason: 'call token does not match this call',
    });
    expect(twilio.checkStream(startedCall(twilio, CALL_SID))).toEqual({
      ok: false,
      reason: 'missing call token',
    });
  });

  it('refuses a token once it has expired (callTokenTtlSecs)', () => {
    let nowMs = NOW_MS;
    const twilio = createTwilio(secured({ callTokenTtlSecs: 60, now: () => nowMs }));
    const token = tokenOf(twilio.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL }).body);
    nowMs += 59_000;
    expect(twilio.checkStream(startedCall(twilio, CALL_SID, token))).toEqual({ ok: true });
    nowMs += 1_000;
    expect(twilio.checkStream(startedCall(twilio, CALL_SID, token))).toEqual({
      ok: false,
      reason: 'call token expired',
    });
  });

  it('answers without a token when streams are not call-bound, and refuses every stream then', () => {
    const twilio = createTwilio({ env: {}, accountSid: ACCOUNT_SID });
    const answer = twilio.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL });
    expect(tokenOf(answer.body)).toBeUndefined();
    expect(twilio.checkStream(startedCall(twilio, CALL_SID))).toEqual({
      ok: false,
      reason: expect.stringContaining('set TWILIO_AUTH_TOKEN'),
    });
  });

  it('answers a webhook that names no call without a token', () => {
    const twilio = createTwilio(secured());
    const answer = twilio.answerWebhook(
      { method: 'POST', url: WEBHOOK_URL, headers: {}, rawBody: 'From=%2B1' },
      { streamUrl: STREAM_URL },
    );
    expect(tokenOf(answer.body)).toBeUndefined();
  });
});

describe('createTwilio serializers', () => {
  it('hangs up a call-bound stream once, over the configured API, with the injected fetch', async () => {
    const { fetch, urls } = recordingFetch();
    const twilio = createTwilio(secured({ fetch }));
    const token = tokenOf(twilio.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL }).body);
    const serializer = twilio.createSerializer(startedCall(twilio, CALL_SID, token), {
      callBound: true,
    });
    await endCall(serializer);
    expect(urls).toEqual([
      `${API_BASE_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}.json`,
    ]);
    expect(serializer.hangUpOutcome).toBe('hung-up');
  });

  it('never sends a REST hang-up for a stream that is not call-bound, whatever the credentials', async () => {
    const { fetch, urls } = recordingFetch();
    const twilio = createTwilio(secured({ fetch }));
    const token = tokenOf(twilio.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL }).body);
    await endCall(
      twilio.createSerializer(startedCall(twilio, CALL_SID, token), { callBound: false }),
    );
    // claimed call-bound, but its token is another call's: still no hang-up
    await endCall(
      twilio.createSerializer(startedCall(twilio, OTHER_CALL_SID, token), { callBound: true }),
    );
    expect(urls).toEqual([]);
  });

  it('never hangs up without the account SID', async () => {
    const { fetch, urls } = recordingFetch();
    const twilio = createTwilio(secured({ accountSid: undefined, fetch }));
    const token = tokenOf(twilio.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL }).body);
    await endCall(
      twilio.createSerializer(startedCall(twilio, CALL_SID, token), { callBound: true }),
    );
    expect(urls).toEqual([]);
  });
});
