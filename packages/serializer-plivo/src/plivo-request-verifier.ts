import {
  headerValue,
  type IncomingRequestLike,
  type RequestVerifier,
  type VerificationResult,
} from '@x/transport-core';
import { checkAuthTokens, ReplayGuard } from '@x/transport-core/provider-kit';
import {
  PLIVO_SIGNATURE_MA_V2_HEADER,
  PLIVO_SIGNATURE_MA_V3_HEADER,
  PLIVO_SIGNATURE_V2_HEADER,
  PLIVO_SIGNATURE_V2_NONCE_HEADER,
  PLIVO_SIGNATURE_V3_HEADER,
  PLIVO_SIGNATURE_V3_NONCE_HEADER,
  type PlivoSignatureParams,
  type PlivoSignedMethod,
  plivoUpgradeSignatureUrls,
  verifyPlivoSignatureV2,
  verifyPlivoSignatureV3,
} from './plivo-signature.js';

/** Options of `PlivoRequestVerifier`. */
export interface PlivoRequestVerifierOptions {
  /** Auth Token(s) Plivo signs with; several while a token is being rotated. */
  authToken: string | readonly string[];
  /**
   * Accept the legacy V2 signature on webhooks that carry no V3 headers; default `false`.
   * V2 signs neither the body nor the query, so a captured header authenticates any body.
   */
  allowV2?: boolean;
  /**
   * How long an accepted nonce is remembered, in milliseconds, so that a replayed request is
   * refused; default 15 minutes. Plivo's signatures carry no timestamp: after the window a
   * captured request would verify again.
   */
  replayWindowMs?: number;
  /**
   * Memory of accepted nonces: default a guard of this verifier's own (`replayWindowMs`); pass
   * one to share it between verifiers (its own window then applies), or `false` to turn replay
   * protection off.
   */
  replayGuard?: ReplayGuard | false;
  /** Time in milliseconds for this verifier's own replay guard; default `Date.now` (tests inject one). */
  now?: () => number;
}

/** Default time an accepted Plivo nonce is remembered, in milliseconds (15 minutes). */
const DEFAULT_PLIVO_REPLAY_WINDOW_MS = 15 * 60 * 1000;

/** Defaults of `PlivoRequestVerifierOptions`. */
export const DEFAULT_PLIVO_REQUEST_VERIFIER_OPTIONS = Object.freeze({
  allowV2: false,
  replayWindowMs: DEFAULT_PLIVO_REPLAY_WINDOW_MS,
  now: Date.now,
});

const REPLAYED: VerificationResult = Object.freeze({
  ok: false,
  reason: 'nonce already used (replay)',
});

function formParams(rawBody: string | Uint8Array | undefined): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  if (rawBody === undefined) return params;
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  for (const [key, value] of new URLSearchParams(text)) {
    const list = Object.hasOwn(params, key) ? params[key] : undefined;
    if (list) list.push(value);
    else Object.defineProperty(params, key, { value: [value], enumerable: true, writable: true });
  }
  return params;
}

/** Who needs the auth token and where it usually comes from, named when it is missing. */
const AUTH_TOKEN_SOURCE = Object.freeze({
  owner: 'PlivoRequestVerifier',
  variable: 'PLIVO_AUTH_TOKEN',
});

/**
 * Checks that webhooks and WebSocket upgrades come from Plivo, with the V3 signature:
 * `X-Plivo-Signature-V3` (or `X-Plivo-Signature-Ma-V3`, made with the main account's token)
 * and `X-Plivo-Signature-V3-Nonce`. `request.url` must be the public URL Plivo called (see
 * core's `publicRequestUrl`); POST webhooks need `rawBody` (the form body as received).
 *
 * Upgrades are checked as `GET` against every URL of `plivoUpgradeSignatureUrls` (Plivo's
 * SDKs disagree on which URL is signed).
 *
 * Replay protection: the nonce of every accepted request (webhook or upgrade) is remembered for
 * `replayWindowMs` (default 15 minutes), and a request presenting it again is refused with
 * `nonce already used (replay)`. Verify each request once. The memory is per process (share a
 * `ReplayGuard` between verifiers of one process; servers behind a load balancer each keep
 * their own) and bounded (the oldest nonces are forgotten first when it is full).
 */
export class PlivoRequestVerifier implements RequestVerifier {
  readonly #authTokens: readonly string[];
  readonly #allowV2: boolean;
  readonly #replayGuard: ReplayGuard | undefined;

  /**
   * @throws RangeError naming `authToken` and `PLIVO_AUTH_TOKEN` when no non-empty auth token is
   * given (e.g. the environment variable is unset), or for a `replayWindowMs` that is not
   * positive.
   */
  constructor(options: PlivoRequestVerifierOptions) {
    this.#authTokens = checkAuthTokens(options?.authToken, AUTH_TOKEN_SOURCE);
    this.#allowV2 = options.allowV2 ?? DEFAULT_PLIVO_REQUEST_VERIFIER_OPTIONS.allowV2;
    const windowMs =
      options.replayWindowMs ?? DEFAULT_PLIVO_REQUEST_VERIFIER_OPTIONS.replayWindowMs;
    if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
      throw new RangeError(`replayWindowMs must be a positive number, got ${windowMs}`);
    }
    if (options.replayGuard === false) {
      this.#replayGuard = undefined;
    } else {
      this.#replayGuard =
        options.replayGuard ??
        new ReplayGuard({
          windowMs,
          now: options.now ?? DEFAULT_PLIVO_REQUEST_VERIFIER_OPTIONS.now,
        });
    }
  }

  verifyWebhook(request: IncomingRequestLike): VerificationResult {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      return { ok: false, reason: `Plivo signs GET and POST webhooks, not ${method}` };
    }
    const params = method === 'POST' ? formParams(request.rawBody) : undefined;
    const v3 = this.#verifyV3(request, method, [request.url], params);
    if (v3 !== 'missing') return v3;
    if (this.#allowV2) return this.#verifyV2(request);
    return { ok: false, reason: `missing ${PLIVO_SIGNATURE_V3_HEADER} or its nonce header` };
  }

  verifyUpgrade(request: IncomingRequestLike): VerificationResult {
    let urls: string[];
    try {
      urls = plivoUpgradeSignatureUrls(request.url);
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
    const result = this.#verifyV3(request, 'GET', urls, undefined);
    if (result !== 'missing') return result;
    return { ok: false, reason: `missing ${PLIVO_SIGNATURE_V3_HEADER} or its nonce header` };
  }

  #verifyV3(
    request: IncomingRequestLike,
    method: PlivoSignedMethod,
    urls: readonly string[],
    params: PlivoSignatureParams | undefined,
  ): VerificationResult | 'missing' {
    const nonce = headerValue(request.headers, PLIVO_SIGNATURE_V3_NONCE_HEADER);
    const signatures = [
      headerValue(request.headers, PLIVO_SIGNATURE_V3_HEADER),
      headerValue(request.headers, PLIVO_SIGNATURE_MA_V3_HEADER),
    ].filter((value): value is string => value !== undefined && value.length > 0);
    if (!nonce || signatures.length === 0) return 'missing';
    for (const url of urls) {
      for (const authToken of this.#authTokens) {
        for (const signature of signatures) {
          const input = { method, url, nonce, authToken, signature };
          if (verifyPlivoSignatureV3(params ? { ...input, params } : input)) {
            return this.#firstUse(`plivo-v3:${nonce}`);
          }
        }
      }
    }
    return { ok: false, reason: `${PLIVO_SIGNATURE_V3_HEADER} does not match the request` };
  }

  /** `ok` the first time a verified nonce is seen; refused as a replay after that. */
  #firstUse(key: string): VerificationResult {
    if (this.#replayGuard === undefined || this.#replayGuard.firstUse(key)) return { ok: true };
    return REPLAYED;
  }

  #verifyV2(request: IncomingRequestLike): VerificationResult {
    const nonce = headerValue(request.headers, PLIVO_SIGNATURE_V2_NONCE_HEADER);
    const signatures = [
      headerValue(request.headers, PLIVO_SIGNATURE_V2_HEADER),
      headerValue(request.headers, PLIVO_SIGNATURE_MA_V2_HEADER),
    ].filter((value): value is string => value !== undefined && value.length > 0);
    if (!nonce || signatures.length === 0) {
      return {
        ok: false,
        reason: `missing ${PLIVO_SIGNATURE_V3_HEADER} and ${PLIVO_SIGNATURE_V2_HEADER} (or their nonce headers)`,
      };
    }
    for (const authToken of this.#authTokens) {
      for (const signature of signatures) {
        if (verifyPlivoSignatureV2({ url: request.url, nonce, authToken, signature })) {
          return this.#firstUse(`plivo-v2:${nonce}`);
        }
      }
    }
    return { ok: false, reason: `${PLIVO_SIGNATURE_V2_HEADER} does not match the request` };
  }
}
