import { createHmac, hkdfSync } from 'node:crypto';
import type { VerificationResult } from '../providers/request-verifier.js';
import { constantTimeEqual } from './constant-time-equal.js';

/**
 * Name of the custom stream parameter that carries the call token from the webhook answer to
 * the stream's start message. Letters only, so Plivo's `extraHeaders` accepts it.
 */
export const CALL_TOKEN_PARAMETER = 'callToken';

/** Default lifetime of a call token, in seconds: time enough for the stream to start. */
export const DEFAULT_CALL_TOKEN_TTL_SECONDS = 600;

/** Shortest accepted signing secret, in bytes (256 bits, the HMAC-SHA256 block strength). */
export const MIN_CALL_TOKEN_SECRET_BYTES = 32;

/** Hex characters of the HMAC-SHA256 kept in a token (128 bits). */
const CALL_TOKEN_DIGEST_HEX_CHARACTERS = 32;

/** Bytes of a secret made by `deriveCallTokenSecret`. */
const DERIVED_SECRET_BYTES = 32;

/** Longest token `verify` reads (12 expiry digits, `x`, 32 hex characters, with room to spare). */
const MAX_CALL_TOKEN_CHARACTERS = 64;

const MILLISECONDS_PER_SECOND = 1000;

/** Label that keeps call-token MACs apart from any other use of the same secret. */
const CALL_TOKEN_DOMAIN = 'x-call-token:v1';

/** HKDF salt and info prefix of `deriveCallTokenSecret` (fixed: every process derives alike). */
const DERIVATION_SALT = 'x-call-token:derive:v1';

/** `<expiry unix seconds, no leading zero>x<32 lowercase hex>`. */
const CALL_TOKEN_FORMAT = /^(0|[1-9][0-9]{0,11})x([0-9a-f]{32})$/;

/** The call a token is bound to. */
export interface CallTokenScope {
  /** Provider name, as the descriptor names it (e.g. `twilio`). */
  provider: string;
  /** Call id, as the stream's start message names it (`CallData.callId`). */
  callId: string;
}

/** Options of `CallTokenSigner`. */
export interface CallTokenSignerOptions {
  /** Signing secret, at least 32 bytes (a string counts its UTF-8 bytes); never logged. */
  secret: string | Uint8Array;
  /** Lifetime of a minted token, in whole seconds; default 600. */
  ttlSeconds?: number;
  /** Wall-clock time in milliseconds since the epoch; default `Date.now` (inject one in tests). */
  now?: () => number;
}

/** Defaults of `CallTokenSignerOptions`. */
export const DEFAULT_CALL_TOKEN_SIGNER_OPTIONS = Object.freeze({
  ttlSeconds: DEFAULT_CALL_TOKEN_TTL_SECONDS,
  now: Date.now,
});

const MISSING: VerificationResult = Object.freeze({ ok: false, reason: 'missing call token' });
const MALFORMED: VerificationResult = Object.freeze({
  ok: false,
  reason: 'call token is malformed',
});
const EXPIRED: VerificationResult = Object.freeze({ ok: false, reason: 'call token expired' });
const MISMATCH: VerificationResult = Object.freeze({
  ok: false,
  reason: 'call token does not match this call',
});
const OK: VerificationResult = Object.freeze({ ok: true });

/** UTF-8 bytes of `value`, or undefined when it has a lone surrogate (two strings, same bytes). */
function wellFormedUtf8(value: unknown): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = Buffer.from(value, 'utf8');
  return bytes.toString('utf8') === value ? bytes : undefined;
}

function secretBytes(secret: string | Uint8Array): Uint8Array {
  if (typeof secret === 'string') return Buffer.from(secret, 'utf8');
  if (secret instanceof Uint8Array) return Uint8Array.from(secret);
  throw new TypeError('CallTokenSigner secret must be a string or a Uint8Array');
}

/**
 * Mints and checks call-bound stream tokens: a stateless HMAC-SHA256 of provider, call id and
 * expiry under a server secret. The server mints one when a provider-signed webhook announces a
 * call, passes it in the webhook answer as the custom stream parameter `callToken`, and checks
 * that the stream's start message presents a valid token for the call it names before it starts
 * a pipeline (or could ever hang the call up).
 *
 * Tokens look like `1767225600x3f9a…` (expiry in Unix seconds, `x`, 32 hex characters): letters
 * and digits only, 45 characters at most. Every process with the same secret accepts them.
 *
 * ```ts
 * const signer = new CallTokenSigner({ secret: process.env.STREAM_TOKEN_SECRET! });
 * const token = signer.mint({ provider: 'twilio', callId });
 * signer.verify(callData.customParameters[CALL_TOKEN_PARAMETER], callData); // { ok: true }
 * ```
 */
export class CallTokenSigner {
  readonly #secret: Uint8Array;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  /**
   * @throws RangeError when the secret is shorter than 32 bytes or `ttlSeconds` is not a
   * positive integer (the message never includes the secret).
   */
  constructor(options: CallTokenSignerOptions) {
    const secret = secretBytes(options.secret);
    if (secret.byteLength < MIN_CALL_TOKEN_SECRET_BYTES) {
      throw new RangeError(
        `CallTokenSigner needs a secret of at least ${MIN_CALL_TOKEN_SECRET_BYTES} bytes, got ` +
          `${secret.byteLength} (generate one with crypto.randomBytes(32), or use ` +
          'deriveCallTokenSecret)',
      );
    }
    const ttlSeconds = options.ttlSeconds ?? DEFAULT_CALL_TOKEN_SIGNER_OPTIONS.ttlSeconds;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
    }
    this.#secret = secret;
    this.#ttlSeconds = ttlSeconds;
    this.#now = options.now ?? DEFAULT_CALL_TOKEN_SIGNER_OPTIONS.now;
  }

  /** Lifetime of a minted token, in seconds. */
  get ttlSeconds(): number {
    return this.#ttlSeconds;
  }

  /**
   * A token for the call, valid for `ttlSeconds` from now.
   * @throws RangeError when the provider or call id is empty or not well-formed text, or the
   * clock gives no Unix time.
   */
  mint(scope: CallTokenScope): string {
    const nowSeconds = Math.floor(this.#now() / MILLISECONDS_PER_SECOND);
    if (!Number.isSafeInteger(nowSeconds) || nowSeconds < 0) {
      throw new RangeError(`the clock gave ${nowSeconds} s: not a Unix time`);
    }
    const expiry = String(nowSeconds + this.#ttlSeconds);
    const digest = this.#digest(scope, expiry);
    if (digest === undefined) {
      throw new RangeError('call token scope needs a non-empty provider and call id');
    }
    return `${expiry}x${digest}`;
  }

  /**
   * Checks that `token` was minted for this provider and call and has not expired. Never
   * throws; the reason never repeats the token: `missing call token`, `call token is
   * malformed`, `call token does not match this call` or `call token expired`.
   */
  verify(token: string | undefined, scope: CallTokenScope): VerificationResult {
    if (token === undefined || token === '') return MISSING;
    if (typeof token !== 'string' || token.length > MAX_CALL_TOKEN_CHARACTERS) return MALFORMED;
    const parts = CALL_TOKEN_FORMAT.exec(token);
    if (parts === null) return MALFORMED;
    const expiry = parts[1]!;
    const expected = this.#digest(scope, expiry);
    if (expected === undefined || !constantTimeEqual(parts[2]!, expected)) return MISMATCH;
    if (this.#now() >= Number(expiry) * MILLISECONDS_PER_SECOND) return EXPIRED;
    return OK;
  }

  /** The truncated hex MAC of the scope and expiry; undefined for an unusable scope. */
  #digest(scope: CallTokenScope, expiry: string): string | undefined {
    const provider = wellFormedUtf8(scope?.provider);
    const callId = wellFormedUtf8(scope?.callId);
    if (!provider?.byteLength || !callId?.byteLength) return undefined;
    // Length-prefixed fields: no provider/call id pair can be read as another one.
    return createHmac('sha256', this.#secret)
      .update(`${CALL_TOKEN_DOMAIN}\n${provider.byteLength}:`)
      .update(provider)
      .update(`\n${callId.byteLength}:`)
      .update(callId)
      .update(`\n${expiry}`)
      .digest('hex')
      .slice(0, CALL_TOKEN_DIGEST_HEX_CHARACTERS);
  }
}

/**
 * A stable per-provider call-token secret derived from the provider's own credential (HKDF-SHA256
 * with a fixed salt and the provider name as info), for servers without a secret of their own:
 * every process with the same credential derives the same 32 bytes. Anyone holding the
 * credential can mint tokens; a dedicated random secret is better when you can share one.
 * @throws RangeError when the credential or provider name is empty.
 */
export function deriveCallTokenSecret(providerSecret: string, provider: string): Uint8Array {
  if (typeof providerSecret !== 'string' || providerSecret.length === 0) {
    throw new RangeError('deriveCallTokenSecret needs a non-empty provider secret');
  }
  if (typeof provider !== 'string' || provider.length === 0) {
    throw new RangeError('deriveCallTokenSecret needs a provider name');
  }
  return new Uint8Array(
    hkdfSync(
      'sha256',
      Buffer.from(providerSecret, 'utf8'),
      Buffer.from(DERIVATION_SALT, 'utf8'),
      Buffer.from(`provider:${provider}`, 'utf8'),
      DERIVED_SECRET_BYTES,
    ),
  );
}
