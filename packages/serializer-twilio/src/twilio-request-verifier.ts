import {
  headerValue,
  type IncomingRequestLike,
  type PublicRequestUrlOptions,
  publicRequestUrl,
  type RequestVerifier,
  type ServerRequestLike,
  type VerificationResult,
} from '@x/transport-core';
import { checkAuthTokens } from '@x/transport-core/provider-kit';
import {
  parseTwilioFormBody,
  TWILIO_SIGNATURE_HEADER,
  type TwilioAuthTokens,
  type TwilioSignatureParams,
  twilioBodyHashOf,
  verifyTwilioSignature,
  verifyTwilioSignatureWithBody,
} from './twilio-signature.js';

/** Options of `TwilioRequestVerifier`. */
export interface TwilioRequestVerifierOptions {
  /**
   * The account's auth token, or several (e.g. primary and secondary while rotating): a
   * signature made with any of them is accepted.
   */
  authToken: TwilioAuthTokens;
}

const OK: VerificationResult = Object.freeze({ ok: true });

function failure(reason: string): VerificationResult {
  return { ok: false, reason };
}

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** Longest content type quoted back in a failure reason, in characters. */
const MAX_QUOTED_CONTENT_TYPE_CHARACTERS = 100;

/**
 * The media type of a POST body as Twilio would sign it: `form` (the parameters are signed),
 * or the unsigned type it declares. No `Content-Type` counts as a form (an empty body then adds
 * nothing to the URL, which is what Twilio signs for a POST without parameters).
 */
function postBodyKind(request: IncomingRequestLike): 'form' | { unsigned: string } {
  const contentType = headerValue(request.headers, 'content-type');
  if (contentType === undefined) return 'form';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === FORM_CONTENT_TYPE
    ? 'form'
    : { unsigned: contentType.slice(0, MAX_QUOTED_CONTENT_TYPE_CHARACTERS) };
}

function absoluteUrlProblem(url: string, schemes: readonly string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `request URL ${JSON.stringify(url)} is not absolute: pass the public URL Twilio requested (see publicRequestUrl)`;
  }
  if (!schemes.includes(parsed.protocol)) {
    return `request URL ${JSON.stringify(url)} must use ${schemes.join(' or ')}`;
  }
  return undefined;
}

/**
 * The `wss://` URL Twilio signed when it opened a Media Stream, rebuilt from the upgrade request
 * as the server sees it. Behind a proxy or tunnel the server sees `http://localhost/…`: give the
 * public base URL (`publicUrl`), or trust the proxy's `X-Forwarded-*` headers.
 *
 * ```ts
 * server.on('upgrade', (request, socket, head) => {
 *   const result = verifier.verifyUpgrade({
 *     method: 'GET',
 *     url: twilioUpgradeUrl(request, { publicUrl: 'https://bot.example.com' }),
 *     headers: request.headers,
 *   });
 *   if (!result.ok) return refuse(socket, 403);
 *   // …handleUpgrade
 * });
 * ```
 */
export function twilioUpgradeUrl(
  request: ServerRequestLike,
  options: Omit<PublicRequestUrlOptions, 'webSocket'> = {},
): string {
  return publicRequestUrl(request, { ...options, webSocket: true });
}

/** `wss://` for an `https://` URL, `ws://` for `http://`; other URLs unchanged. */
function asWebSocketUrl(url: string): string {
  if (/^https:\/\//i.test(url)) return `wss://${url.slice('https://'.length)}`;
  if (/^http:\/\//i.test(url)) return `ws://${url.slice('http://'.length)}`;
  return url;
}

/** Who needs the auth token and where it usually comes from, named when it is missing. */
const AUTH_TOKEN_SOURCE = Object.freeze({
  owner: 'TwilioRequestVerifier',
  variable: 'TWILIO_AUTH_TOKEN',
});

/**
 * Checks that webhooks and Media Stream upgrades come from Twilio, by their `X-Twilio-Signature`
 * (HMAC-SHA1 under the account's auth token).
 *
 * - `verifyWebhook`: the signature covers the public URL plus, for a form POST, the sorted POST
 *   parameters read from `rawBody`. A URL with `bodySHA256` marks a JSON body: the signature
 *   covers the URL only and the hash must match `rawBody`. A POST with any other content type
 *   (e.g. `text/plain`) fails: Twilio signs no such body. A POST without a content type is read
 *   as a form. Port and encoding variants are accepted as twilio-node does.
 * - `verifyUpgrade`: Twilio signs the `wss://` URL it connected to, with no parameters. An
 *   `https://` URL is read as `wss://` (what a proxy reports); build it with `twilioUpgradeUrl`.
 */
export class TwilioRequestVerifier implements RequestVerifier {
  readonly #authTokens: TwilioAuthTokens;

  /**
   * @throws RangeError naming `authToken` and `TWILIO_AUTH_TOKEN` when no non-empty auth token
   * is given (e.g. the environment variable is unset).
   */
  constructor(options: TwilioRequestVerifierOptions) {
    this.#authTokens = checkAuthTokens(options?.authToken, AUTH_TOKEN_SOURCE);
  }

  verifyWebhook(request: IncomingRequestLike): VerificationResult {
    const signature = headerValue(request.headers, TWILIO_SIGNATURE_HEADER)?.trim();
    if (!signature) return failure('missing X-Twilio-Signature header');
    const urlProblem = absoluteUrlProblem(request.url, ['https:', 'http:']);
    if (urlProblem) return failure(urlProblem);
    const rawBody = request.rawBody ?? '';
    if (twilioBodyHashOf(request.url) !== undefined) {
      return verifyTwilioSignatureWithBody(this.#authTokens, signature, request.url, rawBody)
        ? OK
        : failure('X-Twilio-Signature or bodySHA256 does not match the URL and raw body');
    }
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      return failure(`Twilio signs GET and POST webhooks, not ${method.slice(0, 10)}`);
    }
    let params: TwilioSignatureParams | undefined;
    if (method === 'POST') {
      const kind = postBodyKind(request);
      if (kind !== 'form') {
        // Twilio signs a form body's parameters, or a JSON body through bodySHA256 in the URL;
        // checked against the URL alone, any other body would pass unauthenticated.
        return failure(
          `Content-Type ${JSON.stringify(kind.unsigned)} is not one Twilio signs ` +
            `(${FORM_CONTENT_TYPE}, or JSON with bodySHA256 in the URL)`,
        );
      }
      params = parseTwilioFormBody(rawBody);
    }
    return verifyTwilioSignature(this.#authTokens, signature, request.url, params)
      ? OK
      : failure(
          'X-Twilio-Signature does not match the URL and parameters (check that the URL is the public one Twilio requested: scheme, host, port, path, query)',
        );
  }

  verifyUpgrade(request: IncomingRequestLike): VerificationResult {
    const signature = headerValue(request.headers, TWILIO_SIGNATURE_HEADER)?.trim();
    if (!signature) return failure('missing X-Twilio-Signature header on the WebSocket upgrade');
    const url = asWebSocketUrl(request.url);
    const urlProblem = absoluteUrlProblem(url, ['wss:', 'ws:']);
    if (urlProblem) return failure(urlProblem);
    return verifyTwilioSignature(this.#authTokens, signature, url)
      ? OK
      : failure(
          `X-Twilio-Signature does not match ${url} (Twilio signs the public wss:// URL of the stream: see twilioUpgradeUrl)`,
        );
  }
}
