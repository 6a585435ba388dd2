import { ReplayGuard } from '@x/transport-core/provider-kit';
import { validateV3Signature } from 'plivo';
import { describe, expect, it } from 'vitest';
import { PlivoRequestVerifier } from './plivo-request-verifier.js';

const AUTH_TOKEN = 'my_auth_token';

describe('PlivoRequestVerifier', () => {
  // Replay memory off: these tests present the same signed vectors several times.
  const verifier = new PlivoRequestVerifier({ authToken: AUTH_TOKEN, replayGuard: false });
  const webhookUrl = 'https://example.com/answer';
  const body = 'Direction=inbound&CallUUID=abc-123';
  const signature = 'NeLbit5NKPBHK8hg7i9grVK3w4Sk70y8lNvIteUXhuY=';

  function webhook(
    headers: Record<string, string>,
    overrides: Partial<{ url: string; rawBody: string | Uint8Array; method: string }> = {},
  ) {
    return { method: 'POST', url: webhookUrl, headers, rawBody: body, ...overrides };
  }

  it('accepts a signed POST webhook from its raw form body, with any header case', () => {
    const headers = { 'x-plivo-signature-v3': signature, 'X-PLIVO-SIGNATURE-V3-NONCE': '12345' };
    expect(verifier.verifyWebhook(webhook(headers))).toEqual({ ok: true });
    expect(verifier.verifyWebhook(webhook(headers, { rawBody: Buffer.from(body) }))).toEqual({
      ok: true,
    });
  });

  it('refuses a tampered body, URL or nonce, and a missing header', () => {
    const headers = { 'X-Plivo-Signature-V3': signature, 'X-Plivo-Signature-V3-Nonce': '12345' };
    expect(
      verifier.verifyWebhook(webhook(headers, { rawBody: 'Direction=outbound&CallUUID=abc-123' })),
    ).toMatchObject({ ok: false, reason: 'X-Plivo-Signature-V3 does not match the request' });
    expect(
      verifier.verifyWebhook(webhook(headers, { url: 'https://example.com/answer2' })).ok,
    ).toBe(false);
    expect(
      verifier.verifyWebhook(webhook({ ...headers, 'X-Plivo-Signature-V3-Nonce': '12346' })).ok,
    ).toBe(false);
    expect(verifier.verifyWebhook(webhook({ 'X-Plivo-Signature-V3': signature }))).toEqual({
      ok: false,
      reason: 'missing X-Plivo-Signature-V3 or its nonce header',
    });
    expect(verifier.verifyWebhook(webhook(headers, { method: 'PUT' })).ok).toBe(false);
  });

  it('accepts the main-account signature header and a rotated token', () => {
    const rotating = new PlivoRequestVerifier({
      authToken: ['new_token', AUTH_TOKEN],
      replayGuard: false,
    });
    const headers = { 'X-Plivo-Signature-Ma-V3': signature, 'X-Plivo-Signature-V3-Nonce': '12345' };
    expect(rotating.verifyWebhook(webhook(headers))).toEqual({ ok: true });
  });

  it('accepts a signed GET webhook', () => {
    const headers = {
      'X-Plivo-Signature-V3': 'mzFpuoIRyNVOhrSEwpK+nsz9IhruSHdzSf6oNt+8HK8=',
      'X-Plivo-Signature-V3-Nonce': '12345',
    };
    const request = { method: 'GET', url: 'https://example.com/answer?b=2&a=1', headers };
    expect(verifier.verifyWebhook(request)).toEqual({ ok: true });
    expect(
      verifier.verifyWebhook({ ...request, url: 'https://example.com/answer?b=3&a=1' }).ok,
    ).toBe(false);
  });

  it('accepts V2 only when allowed and only without V3 headers', () => {
    const headers = {
      'X-Plivo-Signature-V2': 'ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=',
      'X-Plivo-Signature-V2-Nonce': '12345',
    };
    const request = webhook(headers, { url: 'https://answer.url' });
    expect(verifier.verifyWebhook(request).ok).toBe(false);
    const legacy = new PlivoRequestVerifier({
      authToken: AUTH_TOKEN,
      allowV2: true,
      replayGuard: false,
    });
    expect(legacy.verifyWebhook(request)).toEqual({ ok: true });
    expect(legacy.verifyWebhook({ ...request, url: 'https://answer.url/other' }).ok).toBe(false);
  });

  it.each([
    [
      'the Node stream SDK form (https)',
      'https://bot.example.com/plivo/stream',
      'xbfJeD840WkTVwQxIoR7oqR7FcqgrY2oQQQBhmp8mdA=',
    ],
    [
      'the Python stream SDK form (http + /websocket)',
      'http://bot.example.com/plivo/stream/websocket',
      'xUqqWhfXdRSTFUEEKxs+uzv33ADZOEZpjQxfw9AW+lE=',
    ],
  ])('accepts a WebSocket upgrade signed in %s', (_form, signedUrl, expected) => {
    const headers = { 'X-Plivo-Signature-V3': expected, 'X-Plivo-Signature-V3-Nonce': 'nonce-1' };
    expect(validateV3Signature('GET', signedUrl, 'nonce-1', AUTH_TOKEN, expected)).toBe(true);
    const upgrade = { method: 'GET', url: 'wss://bot.example.com/plivo/stream', headers };
    expect(verifier.verifyUpgrade(upgrade)).toEqual({ ok: true });
    expect(
      verifier.verifyUpgrade({ ...upgrade, url: 'wss://bot.example.com/plivo/other' }).ok,
    ).toBe(false);
    expect(
      verifier.verifyUpgrade({
        ...upgrade,
        headers: { ...headers, 'X-Plivo-Signature-V3-Nonce': 'nonce-2' },
      }).ok,
    ).toBe(false);
    expect(new PlivoRequestVerifier({ authToken: 'other' }).verifyUpgrade(upgrade).ok).toBe(false);
  });

  it('refuses an upgrade without signature headers or with a relative URL', () => {
    expect(verifier.verifyUpgrade({ method: 'GET', url: 'wss://h/p', headers: {} })).toEqual({
      ok: false,
      reason: 'missing X-Plivo-Signature-V3 or its nonce header',
    });
    const headers = { 'X-Plivo-Signature-V3': 'x', 'X-Plivo-Signature-V3-Nonce': 'n' };
    expect(verifier.verifyUpgrade({ method: 'GET', url: '/plivo/stream', headers })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not an absolute URL'),
    });
  });

  it('refuses to be built without a token', () => {
    expect(() => new PlivoRequestVerifier({ authToken: '' })).toThrow(/non-empty authToken/);
    expect(() => new PlivoRequestVerifier({ authToken: [] })).toThrow(/non-empty authToken/);
  });

  it('refuses an unset PLIVO_AUTH_TOKEN with a RangeError naming the option and the variable', () => {
    const unset: Record<string, string | undefined> = {};
    const build = () => new PlivoRequestVerifier({ authToken: unset.PLIVO_AUTH_TOKEN as string });
    expect(build).toThrow(RangeError);
    expect(build).toThrow(
      "PlivoRequestVerifier needs a non-empty authToken (the account's auth token, usually from the PLIVO_AUTH_TOKEN environment variable), got undefined",
    );
    expect(() => new PlivoRequestVerifier({ authToken: ['secret-token', 7 as never] })).toThrow(
      /got a list with an empty or non-string token$/,
    );
  });
});

describe('PlivoRequestVerifier replay protection', () => {
  const webhookUrl = 'https://example.com/answer';
  const body = 'Direction=inbound&CallUUID=abc-123';
  const webhook = {
    method: 'POST',
    url: webhookUrl,
    headers: {
      'X-Plivo-Signature-V3': 'NeLbit5NKPBHK8hg7i9grVK3w4Sk70y8lNvIteUXhuY=',
      'X-Plivo-Signature-V3-Nonce': '12345',
    },
    rawBody: body,
  };
  const upgradeSignature = 'xbfJeD840WkTVwQxIoR7oqR7FcqgrY2oQQQBhmp8mdA=';
  const upgrade = {
    method: 'GET',
    url: 'wss://bot.example.com/plivo/stream',
    headers: { 'X-Plivo-Signature-V3': upgradeSignature, 'X-Plivo-Signature-V3-Nonce': 'nonce-1' },
  };
  const replayed = { ok: false, reason: 'nonce already used (replay)' };

  it('refuses a webhook presented again with the nonce it already used', () => {
    const verifier = new PlivoRequestVerifier({ authToken: AUTH_TOKEN });
    expect(verifier.verifyWebhook(webhook)).toEqual({ ok: true });
    expect(verifier.verifyWebhook(webhook)).toEqual(replayed);
    expect(verifier.verifyWebhook({ ...webhook, rawBody: Buffer.from(body) })).toEqual(replayed);
  });

  it('refuses a replayed WebSocket upgrade, so a captured signature opens one stream only', () => {
    const verifier = new PlivoRequestVerifier({ authToken: AUTH_TOKEN });
    expect(verifier.verifyUpgrade(upgrade)).toEqual({ ok: true });
    expect(verifier.verifyUpgrade(upgrade)).toEqual(replayed);
  });

  it('remembers nonces for 15 minutes by default, then forgets them', () => {
    let nowMs = 0;
    const verifier = new PlivoRequestVerifier({ authToken: AUTH_TOKEN, now: () => nowMs });
    expect(verifier.verifyUpgrade(upgrade)).toEqual({ ok: true });
    nowMs = 15 * 60 * 1000 - 1;
    expect(verifier.verifyUpgrade(upgrade)).toEqual(replayed);
    nowMs = 15 * 60 * 1000;
    expect(verifier.verifyUpgrade(upgrade)).toEqual({ ok: true });
  });

  it('uses the configured window', () => {
    let nowMs = 0;
    const verifier = new PlivoRequestVerifier({
      authToken: AUTH_TOKEN,
      replayWindowMs: 1000,
      now: () => nowMs,
    });
    expect(verifier.verifyWebhook(webhook).ok).toBe(true);
    nowMs = 1000;
    expect(verifier.verifyWebhook(webhook).ok).toBe(true);
  });

  it('does not spend a nonce on a request whose signature failed', () => {
    const verifier = new PlivoRequestVerifier({ authToken: AUTH_TOKEN });
    const forged = { ...webhook, rawBody: 'Direction=outbound&CallUUID=someone-else' };
    expect(verifier.verifyWebhook(forged)).toMatchObject({ ok: false });
    expect(verifier.verifyWebhook(webhook)).toEqual({ ok: true });
  });

  it('shares one guard between verifiers, or turns the memory off', () => {
    const guard = new ReplayGuard({ windowMs: 60_000 });
    const first = new PlivoRequestVerifier({ authToken: AUTH_TOKEN, replayGuard: guard });
    const second = new PlivoRequestVerifier({ authToken: AUTH_TOKEN, replayGuard: guard });
    expect(first.verifyUpgrade(upgrade)).toEqual({ ok: true });
    expect(second.verifyUpgrade(upgrade)).toEqual(replayed);
    const forgetful = new PlivoRequestVerifier({ authToken: AUTH_TOKEN, replayGuard: false });
    expect(forgetful.verifyUpgrade(upgrade)).toEqual({ ok: true });
    expect(forgetful.verifyUpgrade(upgrade)).toEqual({ ok: true });
  });

  it('refuses a window that is not positive', () => {
    expect(() => new PlivoRequestVerifier({ authToken: AUTH_TOKEN, replayWindowMs: 0 })).toThrow(
      /replayWindowMs must be a positive number/,
    );
  });
});
