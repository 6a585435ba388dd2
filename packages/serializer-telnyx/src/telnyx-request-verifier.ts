import type { KeyObject } from 'node:crypto';
import {
  constantTimeEqual,
  headerValue,
  type IncomingRequestLike,
  ReplayGuard,
  type RequestVerifier,
  type VerificationResult,
} from '@x/transport-core';
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
   * @throws RangeError for a malformed public key, a negative tolerance, an empty token, or a
   * shared replay guard whose window is shorter than a signature's lifetime.
   */
  constructor(options: TelnyxRequestVerifierOptions) {
    this.#publicKey =
      options.publicKey === undefined ? undefined : telnyxPublicKey(options.publicKey);
    if (options.streamAuthToken !== undefined && options.streamAuthToken.length === 0) {
      throw new RangeError('streamAuthToken must not be empty');
    }
    this.#streamAuthToken = options.streamAuthToken;
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
