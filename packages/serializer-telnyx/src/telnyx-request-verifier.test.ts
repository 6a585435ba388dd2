import { ReplayGuard } from '@x/transport-core/provider-kit';
import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureText } from './__fixtures__/fixtures.js';
import { parseTelnyxMessage, type TelnyxConnectedMessage } from './telnyx-messages.js';
import { TelnyxRequestVerifier, verifyTelnyxStreamAuthToken } from './telnyx-request-verifier.js';

const vector = fixtureJson<{ publicKeyBase64: string; timestamp: string; signatureBase64: string }>(
  'telnyx-signature-vector.json',
);
const payload = fixtureText('webhook-payload.json');
const signedAtMs = Number(vector.timestamp) * 1000;

function webhook(headers: Record<string, string>, rawBody: string | Uint8Array = payload) {
  return { method: 'POST', url: 'https://example.com/telnyx/webhook', headers, rawBody };
}

function upgrade(headers: Record<string, string | string[]>) {
  return { method: 'GET', url: 'wss://example.com/telnyx', headers };
}

describe('TelnyxRequestVerifier.verifyWebhook', () => {
  it('accepts a signed webhook, whatever the case of the header names, on the injected clock', () => {
    let nowMs = signedAtMs + 299_000;
    const verifier = new TelnyxRequestVerifier({
      publicKey: vector.publicKeyBase64,
      now: () => nowMs,
    });
    const request = webhook(
      {
        'Telnyx-Signature-Ed25519': vector.signatureBase64,
        'TELNYX-TIMESTAMP': vector.timestamp,
      },
      Buffer.from(payload),
    );
    expect(verifier.verifyWebhook(request)).toEqual({ ok: true });
    nowMs = signedAtMs + 301_000;
    expect(verifier.verifyWebhook(request)).toEqual({
      ok: false,
      reason: 'telnyx-timestamp is 301 s old (limit 300 s)',
    });
  });

  it('uses the configured replay window', () => {
    const verifier = new TelnyxRequestVerifier({
      publicKey: vector.publicKeyBase64,
      toleranceSeconds: 10,
      now: () => signedAtMs + 11_000,
    });
    const request = webhook({
      'telnyx-signature-ed25519': vector.signatureBase64,
      'telnyx-timestamp': vector.timestamp,
    });
    expect(verifier.verifyWebhook(request).ok).toBe(false);
  });

  it('fails without a key, without headers or without the raw body', () => {
    const headers = {
      'telnyx-signature-ed25519': vector.signatureBase64,
      'telnyx-timestamp': vector.timestamp,
    };
    expect(new TelnyxRequestVerifier({}).verifyWebhook(webhook(headers))).toEqual({
      ok: false,
      reason: 'no Telnyx public key configured',
    });
    const verifier = new TelnyxRequestVerifier({
      publicKey: vector.publicKeyBase64,
      now: () => signedAtMs,
    });
    expect(verifier.verifyWebhook(webhook({})).ok).toBe(false);
    expect(verifier.verifyWebhook({ method: 'POST', url: 'https://x/', headers }).ok).toBe(false);
  });

  it('refuses a malformed public key or tolerance when built', () => {
    expect(() => new TelnyxRequestVerifier({ publicKey: 'AAAA' })).toThrow(/32 bytes/);
    expect(() => new TelnyxRequestVerifier({ toleranceSeconds: -1 })).toThrow(RangeError);
    expect(() => new TelnyxRequestVerifier({ streamAuthToken: '' })).toThrow(RangeError);
  });

  it('refuses an empty TELNYX_PUBLIC_KEY, or a null key, with a RangeError naming the option and the variable', () => {
    for (const publicKey of ['', '   ', null]) {
      const build = () => new TelnyxRequestVerifier({ publicKey: publicKey as string });
      expect(build).toThrow(RangeError);
      expect(build).toThrow(
        /^TelnyxRequestVerifier publicKey \(the webhook public key from Mission Control, usually from the TELNYX_PUBLIC_KEY environment variable\) is (empty|null): set it, or leave the option out to refuse every webhook$/,
      );
    }
  });

  it('names the option and the variable when the public key cannot be read, never quoting it', () => {
    const build = () => new TelnyxRequestVerifier({ publicKey: 'not*base64*secret' });
    expect(build).toThrow(RangeError);
    expect(build).toThrow(
      /^TelnyxRequestVerifier publicKey .*TELNYX_PUBLIC_KEY.*: Telnyx public key/,
    );
    expect(build).not.toThrow(/secret/);
    expect(() => new TelnyxRequestVerifier({ publicKey: 42 as never })).toThrow(RangeError);
  });

  it('refuses an empty or non-string stream auth token with a RangeError naming TELNYX_STREAM_AUTH_TOKEN', () => {
    for (const streamAuthToken of ['', null, 42]) {
      const build = () => new TelnyxRequestVerifier({ streamAuthToken: streamAuthToken as string });
      expect(build).toThrow(RangeError);
      expect(build).toThrow(/TelnyxRequestVerifier streamAuthToken .*TELNYX_STREAM_AUTH_TOKEN/);
    }
  });
});

describe('TelnyxRequestVerifier replay protection', () => {
  const headers = {
    'telnyx-signature-ed25519': vector.signatureBase64,
    'telnyx-timestamp': vector.timestamp,
  };
  const replayed = { ok: false, reason: 'signature already used (replay)' };

  it('refuses the same signed webhook presented twice within the tolerance', () => {
    const verifier = new TelnyxRequestVerifier({
      publicKey: vector.publicKeyBase64,
      now: () => signedAtMs,
    });
    expect(verifier.verifyWebhook(webhook(headers))).toEqual({ ok: true });
    expect(verifier.verifyWebhook(webhook(headers))).toEqual(replayed);
  });

  it('remembers the pair as long as its timestamp is accepted, from 300 s early to 300 s late', () => {
    let nowMs = signedAtMs - 300_000;
    const verifier = new TelnyxRequestVerifier({
      publicKey: vector.publicKeyBase64,
      now: () => nowMs,
    });
    expect(verifier.verifyWebhook(webhook(headers))).toEqual({ ok: true });
    nowMs = signedAtMs + 300_999;
    expect(verifier.verifyWebhook(webhook(headers))).toEqual(replayed);
    nowMs = signedAtMs + 301_000;
    expect(verifier.verifyWebhook(webhook(headers))).toMatchObject({
      ok: false,
      reason: 'telnyx-timestamp is 301 s old (limit 300 s)',
    });
  });

  it('refuses the same signature spelled with other base64 padding bits', () => {
    const verifier = new TelnyxRequestVerifier({
      publicKey: vector.publicKeyBase64,
      now: () => signedAtMs,
    });
    expect(verifier.verifyWebhook(webhook(headers))).toEqual({ ok: true });
    // 64 bytes are 86 base64 characters and "==": the last character carries 4 unused bits.
    const signature = vector.signatureBase64;
    const last = signature.at(-3)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const respelled = `${signature.slice(0, -3)}${alphabet[alphabet.indexOf(last) ^ 1]}==`;
    expect(respelled).not.toBe(signature);
    expect(Buffer.from(respelled, 'base64')).toEqual(Buffer.from(signature, 'base64'));
    const request = webhook({ ...headers, 'telnyx-signature-ed25519': respelled });
    expect(verifier.verifyWebhook(request)).toEqual(replayed);
  });

  it('does not remember a webhook whose signature failed', () => {
    const verifier = new TelnyxRequestVerifier({
      publicKey: vector.publicKeyBase64,
      now: () => signedAtMs,
    });
    expect(verifier.verifyWebhook(webhook(headers, `${payload} `)).ok).toBe(false);
    expect(verifier.verifyWebhook(webhook(headers))).toEqual({ ok: true });
  });

  it('shares a guard, turns the memory off, and refuses a shared guard too short for the tolerance', () => {
    const guard = new ReplayGuard({ windowMs: 601_000 });
    const options = { publicKey: vector.publicKeyBase64, now: () => signedAtMs };
    const first = new TelnyxRequestVerifier({ ...options, replayGuard: guard });
    const second = new TelnyxRequestVerifier({ ...options, replayGuard: guard });
    expect(first.verifyWebhook(webhook(headers))).toEqual({ ok: true });
    expect(second.verifyWebhook(webhook(headers))).toEqual(replayed);
    const forgetful = new TelnyxRequestVerifier({ ...options, replayGuard: false });
    expect(forgetful.verifyWebhook(webhook(headers))).toEqual({ ok: true });
    expect(forgetful.verifyWebhook(webhook(headers))).toEqual({ ok: true });
    expect(
      () =>
        new TelnyxRequestVerifier({ ...options, replayGuard: new ReplayGuard({ windowMs: 1000 }) }),
    ).toThrow(/less than the 601000 ms/);
  });
});

describe('stream auth token checks', () => {
  const verifier = new TelnyxRequestVerifier({ streamAuthToken: 's3cr3t-stream-token' });

  it('accepts the upgrade header carrying the token, in any case of the header name', () => {
    expect(
      verifier.verifyUpgrade(upgrade({ 'X-Telnyx-Streaming-Auth-Token': 's3cr3t-stream-token' })),
    ).toEqual({ ok: true });
  });

  it('refuses a missing or different token without echoing it', () => {
    expect(verifier.verifyUpgrade(upgrade({}))).toEqual({
      ok: false,
      reason: 'missing x-telnyx-streaming-auth-token',
    });
    const wrong = verifier.verifyUpgrade(
      upgrade({ 'x-telnyx-streaming-auth-token': 's3cr3t-stream-tokeN' }),
    );
    expect(wrong).toEqual({ ok: false, reason: 'x-telnyx-streaming-auth-token does not match' });
    expect(
      verifier.verifyUpgrade(
        upgrade({ 'x-telnyx-streaming-auth-token': ['s3cr3t-stream-token', 'other'] }),
      ).ok,
    ).toBe(false);
  });

  it('fails upgrades when no token is configured: Telnyx does not sign them', () => {
    expect(new TelnyxRequestVerifier({}).verifyUpgrade(upgrade({})).ok).toBe(false);
  });

  it('checks the token carried by the connected message', () => {
    const withToken = parseTelnyxMessage(
      fixtureText('connected-with-auth-token.json'),
    ) as TelnyxConnectedMessage;
    const withoutToken = parseTelnyxMessage(
      fixtureText('connected.json'),
    ) as TelnyxConnectedMessage;
    expect(verifier.verifyConnectedMessage(withToken)).toEqual({ ok: true });
    expect(verifier.verifyConnectedMessage(withoutToken).ok).toBe(false);
    expect(verifyTelnyxStreamAuthToken('a', 'b').ok).toBe(false);
  });
});
