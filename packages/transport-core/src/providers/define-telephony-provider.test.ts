import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger.js';
import type { FrameSerializer } from '../serializer/frame-serializer.js';
import type { FetchFunction } from '../telephony/call-hang-up.js';
import { CALL_TOKEN_PARAMETER } from '../telephony/call-token.js';
import type { CallData } from './call-data.js';
import {
  defineTelephonyProvider,
  type TelephonyProviderParts,
  type TelephonySerializerRequest,
} from './define-telephony-provider.js';
import { resolveProviderSettings } from './provider-settings.js';
import type { IncomingRequestLike, RequestVerifier } from './request-verifier.js';

interface AcmeCallData extends CallData {
  provider: 'acme';
}
/** A serializer that only remembers what it was built with. */
interface AcmeSerializer extends FrameSerializer {
  readonly request: TelephonySerializerRequest;
}

const STREAM_TOKEN_SECRET = 'define-provider-test-secret-0123456789abcdef';
const NOW_MS = 1_767_225_600_000;
const STREAM_URL = 'wss://bot.example.test/ws';
const SIGNATURE_HEADER = 'X-Acme-Signature';

/** Accepts requests whose signature header says `good`. */
const acmeVerifier: RequestVerifier = {
  verifyWebhook: (request) =>
    request.headers[SIGNATURE_HEADER] === 'good' ? { ok: true } : { ok: false, reason: 'bad' },
  verifyUpgrade: (request) =>
    request.headers[SIGNATURE_HEADER] === 'good'
      ? { ok: true }
      : { ok: false, reason: 'bad upgrade' },
};

/** A webhook about `callId` (none when undefined), signed as the fake verifier wants. */
function webhook(callId: string | undefined): IncomingRequestLike {
  return {
    method: 'POST',
    url: 'https://bot.example.test/acme',
    headers: { [SIGNATURE_HEADER]: 'good' },
    rawBody: callId ?? '',
  };
}

/** The call data of a stream naming `callId`, presenting `token`. */
function startedCall(callId: string, token?: string): AcmeCallData {
  return {
    provider: 'acme',
    streamId: 'stream-1',
    callId,
    customParameters: token === undefined ? {} : { [CALL_TOKEN_PARAMETER]: token },
    mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
  };
}

type AcmeOptions = Partial<TelephonyProviderParts<AcmeCallData, AcmeSerializer>> & {
  env?: Record<string, string>;
  now?: () => number;
  callTokenTtlSecs?: number;
  callTokenSecret?: string;
  fetch?: FetchFunction;
};

/** A provider whose webhooks and upgrades are verified and whose REST credentials are set. */
function acme(options: AcmeOptions = {}) {
  const { env, now, callTokenTtlSecs, callTokenSecret, fetch, ...parts } = options;
  return defineTelephonyProvider<AcmeCallData, AcmeSerializer>({
    name: 'acme',
    title: 'Acme',
    settings: resolveProviderSettings('createAcme', {
      env: env ?? {},
      callTokenSecret: callTokenSecret ?? (env === undefined ? STREAM_TOKEN_SECRET : undefined),
      now: now ?? (() => NOW_MS),
      ...(callTokenTtlSecs !== undefined && { callTokenTtlSecs }),
      ...(fetch !== undefined && { fetch }),
    }),
    providerSecret: 'acme-secret',
    recognize: () => undefined,
    upgradeHeaders: [SIGNATURE_HEADER, 'X-Acme-Other-Signature'],
    webhooks: { verifier: acmeVerifier, variable: 'ACME_WEBHOOK_SECRET' },
    upgrades: { verifier: acmeVerifier, variable: 'ACME_UPGRADE_SECRET' },
    restCredentials: true,
    summary: (flags) => JSON.stringify(flags),
    callIdOfWebhook: (request) => (request.rawBody ? String(request.rawBody) : undefined),
    writeWebhookAnswer: ({ streamUrl, parameters }) => ({
      contentType: 'application/json',
      body: JSON.stringify({ streamUrl, parameters }),
    }),
    createSerializer: (_callData, request) => ({
      name: 'acme',
      request,
      setup() {},
      serialize: () => undefined,
      deserialize: () => undefined,
    }),
    ...parts,
  });
}

/** The custom parameters an answer of the fake markup passes to the stream. */
function parametersOf(answer: { body: string }): Record<string, string> {
  return (JSON.parse(answer.body) as { parameters: Record<string, string> }).parameters;
}

/** The token a provider's answer to a webhook about `callId` carries. */
function tokenFor(provider: ReturnType<typeof acme>, callId: string): string | undefined {
  return parametersOf(provider.answerWebhook(webhook(callId), { streamUrl: STREAM_URL }))[
    CALL_TOKEN_PARAMETER
  ];
}

describe('defineTelephonyProvider security', () => {
  it('checks nothing, binds no stream and hangs nothing up without verifiers, whatever the REST credentials', () => {
    const unchecked = { verifier: undefined, variable: 'ACME_SECRET' };
    const flags = {
      webhooksVerified: false,
      upgradesVerified: false,
      callBoundStreams: false,
      hangUpEnabled: false,
    };
    expect(acme({ webhooks: unchecked, upgrades: unchecked }).security).toEqual({
      ...flags,
      summary: JSON.stringify(flags),
    });
  });

  it('binds streams exactly when webhooks are verified, whether or not upgrades are', () => {
    const unchecked = { verifier: undefined, variable: 'ACME_SECRET' };
    expect(acme({ upgrades: unchecked }).security).toMatchObject({
      webhooksVerified: true,
      upgradesVerified: false,
      callBoundStreams: true,
    });
    expect(acme({ webhooks: unchecked }).security).toMatchObject({
      webhooksVerified: false,
      upgradesVerified: true,
      callBoundStreams: false,
    });
  });

  it('enables hang-up only with the REST credentials and call-bound streams', () => {
    const unchecked = { verifier: undefined, variable: 'ACME_SECRET' };
    expect(acme().security.hangUpEnabled).toBe(true);
    expect(acme({ restCredentials: false }).security.hangUpEnabled).toBe(false);
    expect(acme({ webhooks: unchecked }).security.hangUpEnabled).toBe(false);
  });

  it('gives a frozen provider with its name, title and security', () => {
    const provider = acme();
    expect(provider).toMatchObject({ name: 'acme', title: 'Acme' });
    expect(Object.isFrozen(provider)).toBe(true);
    expect(Object.isFrozen(provider.security)).toBe(true);
  });
});

describe('defineTelephonyProvider webhooks and upgrades', () => {
  it('passes webhooks and upgrades to their verifiers', () => {
    const provider = acme();
    expect(provider.verifyWebhook(webhook('call-1'))).toEqual({ ok: true });
    expect(provider.verifyWebhook({ ...webhook('call-1'), headers: {} })).toEqual({
      ok: false,
      reason: 'bad',
    });
    const upgrade = { method: 'GET', url: STREAM_URL, headers: { [SIGNATURE_HEADER]: 'good' } };
    expect(provider.verifyUpgrade(upgrade)).toEqual({ ok: true });
    expect(provider.verifyUpgrade({ ...upgrade, headers: {} })).toEqual({
      ok: false,
      reason: 'bad upgrade',
    });
  });

  it('refuses webhooks and upgrades it cannot check, naming the variable that turns each on', () => {
    const provider = acme({
      webhooks: { verifier: undefined, variable: 'ACME_WEBHOOK_SECRET' },
      upgrades: { verifier: undefined, variable: 'ACME_STREAM_TOKEN', note: 'Acme signs nothing' },
    });
    expect(provider.verifyWebhook(webhook('call-1'))).toEqual({
      ok: false,
      reason: 'Acme webhook signatures cannot be checked: set ACME_WEBHOOK_SECRET',
    });
    expect(provider.verifyUpgrade({ method: 'GET', url: STREAM_URL, headers: {} })).toEqual({
      ok: false,
      reason: 'Acme upgrades cannot be checked: set ACME_STREAM_TOKEN (Acme signs nothing)',
    });
  });

  it('claims an upgrade carrying any of its proof headers, whatever their case, and no other', () => {
    const provider = acme();
    expect(provider.claimsUpgrade({ headers: { 'x-acme-signature': 'anything' } })).toBe(true);
    expect(provider.claimsUpgrade({ headers: { 'X-ACME-OTHER-SIGNATURE': 'x' } })).toBe(true);
    expect(provider.claimsUpgrade({ headers: { 'x-twilio-signature': 'x' } })).toBe(false);
    expect(provider.claimsUpgrade({ headers: {} })).toBe(false);
  });
});

describe('defineTelephonyProvider call-bound streams', () => {
  it("answers with a token for the webhook's call, beside the custom parameters, that only that call's stream passes", () => {
    const provider = acme();
    const answer = provider.answerWebhook(webhook('call-1'), {
      streamUrl: STREAM_URL,
      parameters: { From: '+15550100' },
    });
    expect(answer.contentType).toBe('application/json');
    const parameters = parametersOf(answer);
    expect(parameters).toEqual({ From: '+15550100', [CALL_TOKEN_PARAMETER]: expect.any(String) });
    const token = parameters[CALL_TOKEN_PARAMETER];
    expect(provider.checkStream(startedCall('call-1', token))).toEqual({ ok: true });
    // a replay: the same token presented by a stream naming another call
    expect(provider.checkStream(startedCall('call-2', token))).toEqual({
      ok: false,
      reason: 'call token does not match this call',
    });
    expect(provider.checkStream(startedCall('call-1'))).toEqual({
      ok: false,
      reason: 'missing call token',
    });
  });

  it('refuses a token once it has expired (callTokenTtlSecs)', () => {
    let nowMs = NOW_MS;
    const provider = acme({ callTokenTtlSecs: 60, now: () => nowMs });
    const token = tokenFor(provider, 'call-1');
    nowMs += 59_000;
    expect(provider.checkStream(startedCall('call-1', token))).toEqual({ ok: true });
    nowMs += 1_000;
    expect(provider.checkStream(startedCall('call-1', token))).toEqual({
      ok: false,
      reason: 'call token expired',
    });
  });

  it('answers a webhook that names no call without a token', () => {
    const answer = acme().answerWebhook(webhook(undefined), { streamUrl: STREAM_URL });
    expect(parametersOf(answer)).toEqual({});
  });

  it('answers without a token when webhooks are not verified, and refuses every stream naming the webhook variable', () => {
    let webhooksRead = 0;
    const provider = acme({
      webhooks: { verifier: undefined, variable: 'ACME_WEBHOOK_SECRET' },
      callIdOfWebhook: () => {
        webhooksRead += 1;
        return 'call-1';
      },
    });
    expect(tokenFor(provider, 'call-1')).toBeUndefined();
    expect(webhooksRead).toBe(0);
    expect(provider.checkStream(startedCall('call-1'))).toEqual({
      ok: false,
      reason:
        'Acme streams are not call-bound: set ACME_WEBHOOK_SECRET so webhooks are verified and their answers carry call tokens',
    });
  });

  it('accepts the tokens of another process with the same STREAM_TOKEN_SECRET, whatever its provider secret', () => {
    const env = { STREAM_TOKEN_SECRET };
    const first = acme({ env });
    const second = acme({ env, providerSecret: 'a-rotated-acme-secret' });
    const token = tokenFor(first, 'call-1');
    expect(second.checkStream(startedCall('call-1', token))).toEqual({ ok: true });
  });

  it('derives the token secret from the provider secret when none is set, so processes sharing it agree', () => {
    const token = tokenFor(acme({ env: {} }), 'call-1');
    expect(acme({ env: {} }).checkStream(startedCall('call-1', token))).toEqual({ ok: true });
    const other = acme({ env: {}, providerSecret: 'another-acme-secret' });
    expect(other.checkStream(startedCall('call-1', token)).ok).toBe(false);
  });
});

describe('defineTelephonyProvider serializers', () => {
  it('hangs up a stream the server says is call-bound and whose token checks, with the common options', () => {
    const fetch: FetchFunction = async () => new Response(null, { status: 204 });
    const provider = acme({ fetch });
    const callData = startedCall('call-1', tokenFor(provider, 'call-1'));
    const context = { callBound: true, logger: silentLogger };
    const serializer = provider.createSerializer(callData, context);
    expect(serializer.request).toEqual({
      hangUp: true,
      context,
      common: { hangUpTimeoutMs: 5000, fetch, logger: silentLogger },
    });
  });

  it('passes only the common options that are set', () => {
    const provider = acme({ callTokenSecret: STREAM_TOKEN_SECRET });
    const serializer = provider.createSerializer(startedCall('call-1'), { callBound: false });
    expect(serializer.request.common).toEqual({ hangUpTimeoutMs: 5000 });
  });

  it("never hangs up a stream that is not call-bound, or whose token is another call's", () => {
    const provider = acme();
    const token = tokenFor(provider, 'call-1');
    const hangsUp = (callData: AcmeCallData, callBound: boolean) =>
      provider.createSerializer(callData, { callBound }).request.hangUp;
    expect(hangsUp(startedCall('call-1', token), false)).toBe(false);
    // claimed call-bound, but its token is another call's: still no hang-up
    expect(hangsUp(startedCall('call-2', token), true)).toBe(false);
    expect(hangsUp(startedCall('call-1'), true)).toBe(false);
  });

  it('never hangs up without the REST credentials, even a call-bound stream', () => {
    const provider = acme({ restCredentials: false });
    const callData = startedCall('call-1', tokenFor(provider, 'call-1'));
    expect(provider.checkStream(callData)).toEqual({ ok: true });
    expect(provider.createSerializer(callData, { callBound: true }).request.hangUp).toBe(false);
  });
});
