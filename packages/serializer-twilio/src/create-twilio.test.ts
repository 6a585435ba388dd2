import {
  CALL_TOKEN_PARAMETER,
  type FetchFunction,
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
  it('checks signatures with the auth token, and hangs up only with the account SID too, saying which is missing', () => {
    const summaryWith = (settings: TwilioSettings) =>
      createTwilio({ env: {}, ...settings }).security.summary;
    const hangUpOff = 'hang-up off (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)';
    const unchecked = `${hangUpOff}, signatures not checked (set TWILIO_AUTH_TOKEN)`;
    expect(summaryWith({})).toBe(unchecked);
    expect(summaryWith({ accountSid: ACCOUNT_SID })).toBe(unchecked);
    expect(summaryWith({ authToken: AUTH_TOKEN })).toBe(
      `${hangUpOff}, X-Twilio-Signature checked, streams call-bound`,
    );
    expect(createTwilio(secured()).security).toEqual({
      webhooksVerified: true,
      upgradesVerified: true,
      callBoundStreams: true,
      hangUpEnabled: true,
      summary: 'hang-up on, X-Twilio-Signature checked, streams call-bound',
    });
  });

  it('refuses webhooks, upgrades and streams when no auth token is set, naming TWILIO_AUTH_TOKEN', () => {
    const twilio = createTwilio({ env: {}, accountSid: ACCOUNT_SID });
    const refusal = { ok: false, reason: expect.stringContaining('set TWILIO_AUTH_TOKEN') };
    expect(twilio.verifyWebhook(signedWebhook())).toEqual(refusal);
    expect(twilio.verifyUpgrade({ method: 'GET', url: STREAM_URL, headers: {} })).toEqual(refusal);
    expect(twilio.checkStream(startedCall(twilio, CALL_SID))).toEqual(refusal);
  });
});

describe('createTwilio calls', () => {
  it('answers with TwiML whose <Parameter> token passes checkStream for that call', () => {
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
  });

  it("hangs up a call-bound stream over the configured API with the injected fetch, binding the account's credentials", async () => {
    const urls: string[] = [];
    const fetch: FetchFunction = async (input, init) => {
      urls.push(`${init?.method} ${input} ${new Headers(init?.headers).get('authorization')}`);
      return new Response('{"status":"completed"}', { status: 200 });
    };
    const twilio = createTwilio(secured({ fetch }));
    const token = tokenOf(twilio.answerWebhook(signedWebhook(), { streamUrl: STREAM_URL }).body);
    const serializer = twilio.createSerializer(startedCall(twilio, CALL_SID, token), {
      callBound: true,
    });
    serializer.setup({
      audioInSampleRate: 16_000,
      audioOutSampleRate: 16_000,
      logger: silentLogger,
    });
    await serializer.hangUp();
    const basic = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
    expect(urls).toEqual([
      `POST ${API_BASE_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}.json Basic ${basic}`,
    ]);
    expect(serializer.hangUpOutcome).toBe('hung-up');
  });
});
