import type { KeyObject } from 'node:crypto';
import {
  headerValue,
  type IncomingRequestLike,
  type RequestVerifier,
  type VerificationResult,
} from '@x/transport-core';
import { constantTimeEqual, ReplayGuard } from '@x/transport-core/provider-kit';
import { TELNYX_STREAM_AUTH_TOKEN_FIELD, type TelnyxConnectedMessage } from './telnyx-messages.js';
import {
  DEFAULT_TELNYX_SIGNATURE_TOLERANCE_SECONDS,
  TELNYX_SIGNATURE_HEADER,
  TELNYX_TIMESTAMP_HEADER,
  type TelnyxPublicKeyInput,
  telnyxPublicKey,
  verifyTelnyxSignature,
} from './telnyx-signature.js';

/** Header Telnyx sends the stream auth token in on the WebSocket upgrade. */
export const TELNYX_STREAM_AUTH_TOKEN_HEADER = TELNYX_STREAM_AUTH_TOKEN_FIELD;

/**
 * Checks a presented stream auth token against the expected one, in constant time.
 * @returns `ok`, or why not (missing, or not matching; the token itself is never echoed).
 */
export function verifyTelnyxStreamAuthToken(
  expected: string,
  presented: string | undefined,
): VerificationResult {
  if (presented === undefined || presented.length === 0) {
    return { ok: false, reason: `missing ${TELNYX_STREAM_AUTH_TOKEN_HEADER}` };
  }
  return constantTimeEqual(presented, expected)
    ? { ok: true }
    : { ok: false, reason: `${TELNYX_STREAM_AUTH_TOKEN_HEADER} does not match` };
}

/** Options of `TelnyxRequestVerifier`. */
export interface TelnyxRequestVerifierOptions {
  /**
   * Webhook public key from Mission Control (base64 of 32 bytes) or an Ed25519 SPKI PEM;
   * needed by `verifyWebhook`.
   */
  publicKey?: TelnyxPublicKeyInput | undefined;
  /** The `stream_auth_token` set on the stream; needed by `verifyUpgrade`. */
  streamAuthToken?: string | undefined;
  /** Largest accepted |now − telnyx-timestamp|, in seconds; default 300. */
  toleranceSeconds?: number | undefined;
  /** Current time in milliseconds since the epoch; default `Date.now` (inject one in tests). */
  now?: (() => number) | undefined;
  /**
   * Memory of accepted (timestamp, signature) pairs, so a captured webhook is refused when
   * replayed: default a guard of this verifier's own, remembering each pair while its timestamp
   * is within tolerance; pass one to share it (its window must cover twice the tolerance plus
   * one second), or `false` to turn replay protection off.
   */
  replayGuard?: ReplayGuard | false | undefined;
}

/** Defaults of `TelnyxRequestVerifierOptions`. */
export const DEFAULT_TELNYX_REQUEST_VERIFIER_OPTIONS = Object.freeze({
  toleranceSeconds: DEFAULT_TELNYX_SIGNATURE_TOLERANCE_SECONDS,
  now: Date.now,
});

const MILLISECONDS_PER_SECOND = 1000;

/**
 * How long a signature stays acceptable, in milliseconds: its timestamp is accepted from
 * `tolerance` seconds before it to `tolerance` seconds after it, in whole seconds.
 */
function signatureLifetimeMs(toleranceSeconds: number): number {
  return (2 * toleranceSeconds + 1) * MILLISECONDS_PER_SECOND;
}

/** Where the public key usually comes from, named in errors. */
const PUBLIC_KEY_ENVIRONMENT_VARIABLE = 'TELNYX_PUBLIC_KEY';
/** Where the stream auth token usually comes from, named in errors. */
const STREAM_AUTH_TOKEN_ENVIRONMENT_VARIABLE = 'TELNYX_STREAM_AUTH_TOKEN';

/**
 * The public key, read; `undefined` (leave it out) refuses every webhook.
 * @throws RangeError naming the option and the environment variable for an empty or unreadable
 * key (never quoting it).
 */
function checkPublicKey(publicKey: unknown): KeyObject | undefined {
  if (publicKey === undefined) return undefined;
  const where = `TelnyxRequestVerifier publicKey (the webhook public key from Mission Control, usually from the ${PUBLIC_KEY_ENVIRONMENT_VARIABLE} environment variable)`;
  if (publicKey === null || (typeof publicKey === 'string' && publicKey.trim() === '')) {
    throw new RangeError(
      `${where} is ${publicKey === null ? 'null' : 'empty'}: set it, or leave the option out to refuse every webhook`,
    );
  }
  try {
    return telnyxPublicKey(publicKey as TelnyxPublicKeyInput);
  } catch (error) {
    throw new RangeError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The stream auth token, checked; `undefined` (leave it out) refuses every upgrade.
 * @throws RangeError naming the option and the environment variable for an empty token or one
 * that is not a string (never quoting it).
 */
function checkStreamAuthToken(streamAuthToken: unknown): string | undefined {
  if (streamAuthToken === undefined) return undefined;
  if (typeof streamAuthToken !== 'string' || streamAuthToken.length === 0) {
    throw new RangeError(
      `TelnyxRequestVerifier streamAuthToken (the stream_auth_token set on the stream, usually from the ${STREAM_AUTH_TOKEN_ENVIRONMENT_VARIABLE} environment variable) must not be ${streamAuthToken === '' ? 'empty' : `a ${streamAuthToken === null ? 'null' : typeof streamAuthToken}`}: set it, or leave the option out to refuse every upgrade`,
    );
  }
  return streamAuthToken;
}

/**
 * Checks that requests come from Telnyx:
 * - webhooks by their Ed25519 signature (`telnyx-signature-ed25519` over
 *   `telnyx-timestamp|raw body`, within the replay window), each accepted (timestamp, signature)
 *   pair once: the same signed request presented again is refused while its timestamp is still
 *   within tolerance (verify each request once);
 * - WebSocket upgrades, which Telnyx does not sign, by the `x-telnyx-streaming-auth-token`
 *   header carrying the stream's `stream_auth_token`;
 * - the `connected` message, which carries the same token, by `verifyConnectedMessage`.
 */
export class TelnyxRequestVerifier implements RequestVerifier {
  readonly #publicKey: KeyObject | undefined;
  readonly #streamAuthToken: string | undefined;
  readonly #toleranceSeconds: number;
  readonly #now: () => number;
  readonly #replayGuard: ReplayGuard | undefined;

  /**
   * @throws RangeError for an empty or malformed public key or an empty stream token (each naming
   * the option and its usual environment variable), a negative tolerance, or a shared replay
   * guard whose window is shorter than a signature's lifetime.
   */
  constructor(options: TelnyxRequestVerifierOptions = {}) {
    this.#publicKey = checkPublicKey(options.publicKey);
    this.#streamAuthToken = checkStreamAuthToken(options.streamAuthToken);
    this.#toleranceSeconds =
      options.toleranceSeconds ?? DEFAULT_TELNYX_REQUEST_VERIFIER_OPTIONS.toleranceSeconds;
    if (!(this.#toleranceSeconds >= 0)) {
      throw new RangeError(`toleranceSeconds must be 0 or more, got ${options.toleranceSeconds}`);
    }
    this.#now = options.now ?? DEFAULT_TELNYX_REQUEST_VERIFIER_OPTIONS.now;
    const lifetimeMs = signatureLifetimeMs(this.#toleranceSeconds);
    if (options.replayGuard === false) {
      this.#replayGuard = undefined;
    } else if (options.replayGuard === undefined) {
      this.#replayGuard = new ReplayGuard({ windowMs: lifetimeMs, now: this.#now });
    } else if (options.replayGuard.windowMs < lifetimeMs) {
      throw new RangeError(
        `replayGuard remembers ${options.replayGuard.windowMs} ms, less than the ${lifetimeMs} ms ` +
          `a signature stays valid with toleranceSeconds ${this.#toleranceSeconds}`,
      );
    } else {
      this.#replayGuard = options.replayGuard;
    }
  }

  /** Checks a webhook's Ed25519 signature and timestamp over its raw body. */
  verifyWebhook(request: IncomingRequestLike): VerificationResult {
    if (this.#publicKey === undefined) {
      return { ok: false, reason: 'no Telnyx public key configured' };
    }
    if (request.rawBody === undefined) {
      return { ok: false, reason: 'the raw request body is needed to check the signature' };
    }
    const signature = headerValue(request.headers, TELNYX_SIGNATURE_HEADER);
    const timestamp = headerValue(request.headers, TELNYX_TIMESTAMP_HEADER);
    const result = verifyTelnyxSignature({
      publicKey: this.#publicKey,
      signature,
      timestamp,
      rawBody: request.rawBody,
      nowMs: this.#now(),
      toleranceSeconds: this.#toleranceSeconds,
    });
    if (!result.ok || this.#replayGuard === undefined) return result;
    // Keyed by the signature's bytes: base64 can spell the same 64 bytes in several ways.
    const signatureBytes = Buffer.from(signature!, 'base64').toString('base64');
    if (!this.#replayGuard.firstUse(`telnyx-webhook:${timestamp}|${signatureBytes}`)) {
      return { ok: false, reason: 'signature already used (replay)' };
    }
    return result;
  }

  /** Checks the upgrade's `x-telnyx-streaming-auth-token` header against the stream token. */
  verifyUpgrade(request: IncomingRequestLike): VerificationResult {
    if (this.#streamAuthToken === undefined) {
      return {
        ok: false,
        reason: 'no stream auth token configured (Telnyx does not sign WebSocket upgrades)',
      };
    }
    return verifyTelnyxStreamAuthToken(
      this.#streamAuthToken,
      headerValue(request.headers, TELNYX_STREAM_AUTH_TOKEN_HEADER),
    );
  }

  /** Checks the token in a `connected` message (`connected["x-telnyx-streaming-auth-token"]`). */
  verifyConnectedMessage(message: TelnyxConnectedMessage): VerificationResult {
    if (this.#streamAuthToken === undefined) {
      return { ok: false, reason: 'no stream auth token configured' };
    }
    return verifyTelnyxStreamAuthToken(this.#streamAuthToken, message.streamAuthToken);
  }
}
