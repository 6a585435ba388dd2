import {
  headerValue,
  type IncomingRequestLike,
  type RequestVerifier,
  type VerificationResult,
} from '@x/transport-core';
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
}

/** Defaults of `PlivoRequestVerifierOptions`. */
export const DEFAULT_PLIVO_REQUEST_VERIFIER_OPTIONS = Object.freeze({ allowV2: false });

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

/**
 * Checks that webhooks and WebSocket upgrades come from Plivo, with the V3 signature:
 * `X-Plivo-Signature-V3` (or `X-Plivo-Signature-Ma-V3`, made with the main account's token)
 * and `X-Plivo-Signature-V3-Nonce`. `request.url` must be the public URL Plivo called (see
 * core's `publicRequestUrl`); POST webhooks need `rawBody` (the form body as received).
 *
 * Upgrades are checked as `GET` against every URL of `plivoUpgradeSignatureUrls` (Plivo's
 * SDKs disagree on which URL is signed). The nonce is not remembered: a captured request can be
 * replayed with its exact URL and body.
 */
export class PlivoRequestVerifier implements RequestVerifier {
  readonly #authTokens: readonly string[];
  readonly #allowV2: boolean;

  /** @throws RangeError when no non-empty auth token is given. */
  constructor(options: PlivoRequestVerifierOptions) {
    const tokens = typeof options.authToken === 'string' ? [options.authToken] : options.authToken;
    if (tokens.length === 0 || tokens.some((token) => typeof token !== 'string' || !token)) {
      throw new RangeError('PlivoRequestVerifier needs a non-empty authToken');
    }
    this.#authTokens = [...tokens];
    this.#allowV2 = options.allowV2 ?? DEFAULT_PLIVO_REQUEST_VERIFIER_OPTIONS.allowV2;
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
          if (verifyPlivoSignatureV3(params ? { ...input, params } : input)) return { ok: true };
        }
      }
    }
    return { ok: false, reason: `${PLIVO_SIGNATURE_V3_HEADER} does not match the request` };
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
          return { ok: true };
        }
      }
    }
    return { ok: false, reason: `${PLIVO_SIGNATURE_V2_HEADER} does not match the request` };
  }
}
