import { createHash, createHmac } from 'node:crypto';
import { parse as parseLegacyQuery, stringify as stringifyLegacyQuery } from 'node:querystring';
import { constantTimeEqual } from '@x/transport-core/provider-kit';

/** Header carrying Twilio's request signature. */
export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';
/** Query parameter carrying the SHA-256 of a JSON webhook body. */
export const TWILIO_BODY_HASH_PARAMETER = 'bodySHA256';

/** POST parameters of a webhook: one value per name, or several for repeated names. */
export type TwilioSignatureParams = Readonly<Record<string, string | readonly string[]>>;

const NO_PARAMS: TwilioSignatureParams = Object.freeze({});

/**
 * The string Twilio signs: the URL, then every POST parameter as `name + value` with no
 * separator, names sorted by UTF-16 code units. A repeated name contributes each distinct value,
 * sorted (as twilio-node does).
 */
export function twilioSignatureData(
  url: string,
  params: TwilioSignatureParams = NO_PARAMS,
): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    if (typeof value === 'string') {
      data += name + value;
      continue;
    }
    for (const distinct of [...new Set(value)].sort()) data += name + distinct;
  }
  return data;
}

/** `X-Twilio-Signature` for a request: base64 HMAC-SHA1 of `twilioSignatureData`, keyed by the auth token. */
export function twilioSignature(
  authToken: string,
  url: string,
  params: TwilioSignatureParams = NO_PARAMS,
): string {
  return createHmac('sha1', authToken)
    .update(twilioSignatureData(url, params), 'utf8')
    .digest('base64');
}

/** Lowercase hex SHA-256 of a raw body, as Twilio puts it in `bodySHA256`. */
export function twilioBodySha256(rawBody: string | Uint8Array): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

interface UrlParts {
  /** `https://` */
  scheme: string;
  /** `user:pass@` or empty. */
  userInfo: string;
  host: string;
  /** `:8443` or empty. */
  port: string;
  /** Path, query and fragment, untouched. */
  rest: string;
}

const URL_START_PATTERN = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i;

/** Splits a URL without normalising it, so the path and query keep the characters Twilio signed. */
function splitUrl(url: string): UrlParts | undefined {
  const match = URL_START_PATTERN.exec(url);
  if (!match) return undefined;
  const [prefix, scheme, authority] = match as unknown as [string, string, string];
  const userInfoEnd = authority.lastIndexOf('@') + 1;
  const hostAndPort = authority.slice(userInfoEnd);
  // In an IPv6 literal the port colon comes after the closing bracket.
  const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

function withoutPort(url: string): string {
  const parts = splitUrl(url);
  return parts ? parts.scheme + parts.userInfo + parts.host + parts.rest : url;
}

function withDefaultPort(url: string): string {
  const parts = splitUrl(url);
  if (!parts || parts.port) return url;
  const scheme = parts.scheme.toLowerCase();
  const port = scheme === 'https://' || scheme === 'wss://' ? ':443' : ':80';
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

/** The query re-encoded as Node's legacy `querystring` does (`'` kept, spaces as `%20`). */
function withLegacyQuery(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1 || queryStart === url.length - 1) return url;
  const query = stringifyLegacyQuery(parseLegacyQuery(url.slice(queryStart + 1)));
  return `${url.slice(0, queryStart)}?${query}`;
}

function normalizedUrl(url: string): string | undefined {
  try {
    return new URL(url).toString();
  } catch {
    return undefined;
  }
}

/**
 * The URLs a signature may have been computed over, in the order twilio-node's `validateRequest`
 * tries them: the URL as received without and with its default port (`:443` for `https`/`wss`,
 * `:80` otherwise); then the URL normalised by WHATWG `URL` (which percent-encodes e.g. `'`),
 * without and with the port, each also with its query re-encoded the legacy `querystring` way.
 * Duplicates are removed.
 */
export function twilioSignedUrlCandidates(url: string): string[] {
  const candidates = [withoutPort(url), withDefaultPort(url)];
  const normalized = normalizedUrl(url);
  if (normalized !== undefined) {
    const normalizedWithoutPort = withoutPort(normalized);
    const normalizedWithPort = withDefaultPort(normalized);
    candidates.push(
      normalizedWithoutPort,
      normalizedWithPort,
      withLegacyQuery(normalizedWithoutPort),
      withLegacyQuery(normalizedWithPort),
    );
  }
  return [...new Set(candidates)];
}

/** One or several auth tokens (e.g. the primary and the secondary during a rotation). */
export type TwilioAuthTokens = string | readonly string[];

function tokenList(authTokens: TwilioAuthTokens): readonly string[] {
  return typeof authTokens === 'string' ? [authTokens] : authTokens;
}

/**
 * True when `signature` (the `X-Twilio-Signature` header) is Twilio's signature of `url` and
 * `params` under one of the auth tokens, for any URL variant of `twilioSignedUrlCandidates`.
 * Comparisons are constant-time. For a JSON body, use `verifyTwilioSignatureWithBody`.
 */
export function verifyTwilioSignature(
  authTokens: TwilioAuthTokens,
  signature: string,
  url: string,
  params: TwilioSignatureParams = NO_PARAMS,
): boolean {
  const tokens = tokenList(authTokens).filter((token) => token.length > 0);
  if (signature.length === 0 || tokens.length === 0) return false;
  let valid = false;
  for (const candidate of twilioSignedUrlCandidates(url)) {
    for (const token of tokens) {
      // No early exit: every candidate is computed whatever matches.
      if (constantTimeEqual(signature, twilioSignature(token, candidate, params))) valid = true;
    }
  }
  return valid;
}

/** The `bodySHA256` query parameter of a URL, if any. */
export function twilioBodyHashOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get(TWILIO_BODY_HASH_PARAMETER) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a webhook with a JSON body: the signature covers the URL only (which carries
 * `bodySHA256`), and `bodySHA256` must be the SHA-256 of the raw body exactly as received.
 */
export function verifyTwilioSignatureWithBody(
  authTokens: TwilioAuthTokens,
  signature: string,
  url: string,
  rawBody: string | Uint8Array,
): boolean {
  const expectedHash = twilioBodyHashOf(url) ?? '';
  const bodyMatches = constantTimeEqual(expectedHash, twilioBodySha256(rawBody));
  const signatureMatches = verifyTwilioSignature(authTokens, signature, url);
  return bodyMatches && signatureMatches;
}

/**
 * Reads an `application/x-www-form-urlencoded` body into signature parameters (a repeated name
 * gives an array of its values).
 */
export function parseTwilioFormBody(rawBody: string | Uint8Array): TwilioSignatureParams {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  const params: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else if (typeof existing === 'string') params[name] = [existing, value];
    else existing.push(value);
  }
  return params;
}
