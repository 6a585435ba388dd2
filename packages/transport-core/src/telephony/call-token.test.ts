import { describe, expect, it } from 'vitest';
import {
  CALL_TOKEN_PARAMETER,
  CallTokenSigner,
  DEFAULT_CALL_TOKEN_TTL_SECONDS,
  deriveCallTokenSecret,
  MIN_CALL_TOKEN_SECRET_BYTES,
} from './call-token.js';

const SECRET = 'a-server-secret-of-at-least-32-bytes!';
const MINTED_AT_MS = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const CALL_A = { provider: 'twilio', callId: 'CA00000000000000000000000000000001' };
const CALL_B = { provider: 'twilio', callId: 'CA00000000000000000000000000000002' };
/** Plivo's limit on the whole `extraHeaders` attribute. */
const PLIVO_EXTRA_HEADERS_MAX_BYTES = 512;

function signerAt(nowMs: () => number, ttlSeconds?: number): CallTokenSigner {
  return new CallTokenSigner({ secret: SECRET, now: nowMs, ...(ttlSeconds && { ttlSeconds }) });
}

describe('CallTokenSigner', () => {
  it('accepts the token it minted for the same provider and call', () => {
    const signer = signerAt(() => MINTED_AT_MS);
    const token = signer.mint(CALL_A);
    expect(signer.verify(token, CALL_A)).toEqual({ ok: true });
  });

  it('accepts a token minted by another signer with the same secret (another process)', () => {
    const token = signerAt(() => MINTED_AT_MS).mint(CALL_A);
    const other = new CallTokenSigner({
      secret: new TextEncoder().encode(SECRET),
      now: () => MINTED_AT_MS + 1000,
    });
    expect(other.verify(token, CALL_A)).toEqual({ ok: true });
  });

  it('mints letters and digits only, well under the 512 bytes of Plivo extraHeaders', () => {
    const token = signerAt(() => MINTED_AT_MS).mint(CALL_A);
    expect(token).toMatch(/^[A-Za-z0-9]+$/);
    expect(CALL_TOKEN_PARAMETER).toMatch(/^[A-Za-z]+$/);
    const extraHeader = `${CALL_TOKEN_PARAMETER}=${token}`;
    expect(Buffer.byteLength(extraHeader)).toBeLessThan(PLIVO_EXTRA_HEADERS_MAX_BYTES / 8);
    const [expiry, digest] = token.split('x');
    expect(expiry).toBe(String(MINTED_AT_MS / 1000 + DEFAULT_CALL_TOKEN_TTL_SECONDS));
    expect(digest).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a missing token', () => {
    const signer = signerAt(() => MINTED_AT_MS);
    expect(signer.verify(undefined, CALL_A)).toEqual({ ok: false, reason: 'missing call token' });
    expect(signer.verify('', CALL_A)).toEqual({ ok: false, reason: 'missing call token' });
  });

  it('refuses a malformed token without repeating it', () => {
    const signer = signerAt(() => MINTED_AT_MS);
    const token = signer.mint(CALL_A);
    for (const malformed of [
      'not-a-token',
      token.toUpperCase(),
      `0${token}`,
      `${token}0`,
      token.replace('x', 'y'),
      `${token.repeat(3)}`,
      42 as unknown as string,
    ]) {
      const result = signer.verify(malformed, CALL_A);
      expect(result, String(malformed)).toEqual({ ok: false, reason: 'call token is malformed' });
    }
  });

  it('accepts a token until its expiry second and refuses it from then on, on the injected clock', () => {
    let nowMs = MINTED_AT_MS;
    const signer = signerAt(() => nowMs, 60);
    const token = signer.mint(CALL_A);
    nowMs = MINTED_AT_MS + 60_000 - 1;
    expect(signer.verify(token, CALL_A)).toEqual({ ok: true });
    nowMs = MINTED_AT_MS + 60_000;
    expect(signer.verify(token, CALL_A)).toEqual({ ok: false, reason: 'call token expired' });
  });

  it('refuses a token for call A presented for call B, or for the same call id of another provider', () => {
    const signer = signerAt(() => MINTED_AT_MS);
    const token = signer.mint(CALL_A);
    const mismatch = { ok: false, reason: 'call token does not match this call' };
    expect(signer.verify(token, CALL_B)).toEqual(mismatch);
    expect(signer.verify(token, { ...CALL_A, provider: 'telnyx' })).toEqual(mismatch);
  });

  it('refuses a token whose digest or expiry digits were changed', () => {
    const signer = signerAt(() => MINTED_AT_MS);
    const token = signer.mint(CALL_A);
    const mismatch = { ok: false, reason: 'call token does not match this call' };
    const lastDigit = token.at(-1) === '0' ? '1' : '0';
    expect(signer.verify(token.slice(0, -1) + lastDigit, CALL_A)).toEqual(mismatch);
    const laterExpiry = `${Number(token.split('x')[0]) + 3600}x${token.split('x')[1]}`;
    expect(signer.verify(laterExpiry, CALL_A)).toEqual(mismatch);
  });

  it('refuses a token signed with another secret', () => {
    const token = new CallTokenSigner({ secret: 'b'.repeat(32), now: () => MINTED_AT_MS }).mint(
      CALL_A,
    );
    expect(signerAt(() => MINTED_AT_MS).verify(token, CALL_A)).toEqual({
      ok: false,
      reason: 'call token does not match this call',
    });
  });

  it('binds provider and call id without ambiguity between them', () => {
    const signer = signerAt(() => MINTED_AT_MS);
    const token = signer.mint({ provider: 'a', callId: 'b\nc' });
    expect(signer.verify(token, { provider: 'a\nb', callId: 'c' }).ok).toBe(false);
    expect(signer.verify(token, { provider: 'a', callId: 'b\nc' }).ok).toBe(true);
  });

  it('refuses to mint for an empty call id, and to verify against one', () => {
    const signer = signerAt(() => MINTED_AT_MS);
    expect(() => signer.mint({ provider: 'twilio', callId: '' })).toThrow(RangeError);
    const token = signer.mint(CALL_A);
    expect(signer.verify(token, { provider: 'twilio', callId: '' }).ok).toBe(false);
  });

  it('refuses a secret shorter than 32 bytes without showing it', () => {
    const short = 'too-short-secret';
    let message = '';
    try {
      new CallTokenSigner({ secret: short });
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      message = (error as Error).message;
    }
    expect(message).toContain(`at least ${MIN_CALL_TOKEN_SECRET_BYTES} bytes`);
    expect(message).not.toContain(short);
    expect(() => new CallTokenSigner({ secret: new Uint8Array(31) })).toThrow(RangeError);
    expect(() => new CallTokenSigner({ secret: new Uint8Array(32) })).not.toThrow();
  });

  it('refuses a lifetime that is not a positive whole number of seconds', () => {
    for (const ttlSeconds of [0, -1, 1.5, Number.NaN]) {
      expect(() => new CallTokenSigner({ secret: SECRET, ttlSeconds })).toThrow(RangeError);
    }
  });
});

describe('deriveCallTokenSecret', () => {
  it('derives the same 32 bytes from the same credential, distinct per provider', () => {
    const twilio = deriveCallTokenSecret('auth-token', 'twilio');
    expect(twilio).toHaveLength(32);
    expect(deriveCallTokenSecret('auth-token', 'twilio')).toEqual(twilio);
    expect(deriveCallTokenSecret('auth-token', 'plivo')).not.toEqual(twilio);
    expect(deriveCallTokenSecret('other-token', 'twilio')).not.toEqual(twilio);
  });

  it('gives a secret a signer accepts, so tokens survive a restart', () => {
    const token = new CallTokenSigner({
      secret: deriveCallTokenSecret('auth-token', 'twilio'),
      now: () => MINTED_AT_MS,
    }).mint(CALL_A);
    const restarted = new CallTokenSigner({
      secret: deriveCallTokenSecret('auth-token', 'twilio'),
      now: () => MINTED_AT_MS,
    });
    expect(restarted.verify(token, CALL_A)).toEqual({ ok: true });
  });

  it('refuses an empty credential', () => {
    expect(() => deriveCallTokenSecret('', 'twilio')).toThrow(RangeError);
  });
});
