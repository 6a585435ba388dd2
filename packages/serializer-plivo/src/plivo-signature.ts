import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '@x/transport-core/provider-kit';

/** Header carrying the V3 signature(s), comma-separated, made with the (sub)account's token. */
export const PLIVO_SIGNATURE_V3_HEADER = 'X-Plivo-Signature-V3';
/** Header carrying the V3 signature(s) made with the main account's token. */
export const PLIVO_SIGNATURE_MA_V3_HEADER = 'X-Plivo-Signature-Ma-V3';
/** Header carrying the V3 nonce. */
export const PLIVO_SIGNATURE_V3_NONCE_HEADER = 'X-Plivo-Signature-V3-Nonce';
/** Header carrying the legacy V2 signature. */
export const PLIVO_SIGNATURE_V2_HEADER = 'X-Plivo-Signature-V2';
/** Header carrying the legacy V2 signature made with the main account's token. */
export const PLIVO_SIGNATURE_MA_V2_HEADER = 'X-Plivo-Signature-Ma-V2';
/** Header carrying the legacy V2 nonce. */
export const PLIVO_SIGNATURE_V2_NONCE_HEADER = 'X-Plivo-Signature-V2-Nonce';

/** Request parameters as signed: a value, or several for a repeated key. */
export type PlivoSignatureParams = Readonly<Record<string, string | readonly string[]>>;

/** HTTP methods Plivo signs with V3. */
export type PlivoSignedMethod = 'GET' | 'POST';

/** What a V3 signature covers. */
export interface PlivoSignatureV3Input {
  /** `GET` or `POST` (the webhook's method; `GET` for WebSocket upgrades). */
  method: PlivoSignedMethod;
  /** The full URL Plivo requested, with its query string. */
  url: string;
  /** POST parameters (the form body, decoded); for GET, extra parameters merged with the query. */
  params?: PlivoSignatureParams;
  /** The `X-Plivo-Signature-V3-Nonce` header. */
  nonce: string;
  /** The Auth Token the signature is made with. */
  authToken: string;
}

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)(?:\?([^#]*))?/;

interface SplitUrl {
  /** `scheme://authority/path`, without query or fragment, as written. */
  base: string;
  /** The query string without `?`, or empty. */
  query: string;
}

function splitUrl(url: string): SplitUrl {
  const match = URL_PARTS.exec(url.trim());
  if (!match) throw new RangeError(`not an absolute URL: ${JSON.stringify(url)}`);
  return { base: `${match[1]}${match[2]}`, query: match[3] ?? '' };
}

function valuesOf(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}

/** Query parameters, decoded (`+` is a space), as multi-valued lists. */
function queryParams(query: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(query)) {
    const list = params.get(key);
    if (list) list.push(value);
    else params.set(key, [value]);
  }
  return params;
}

function sortedEntries(params: Map<string, string[]>): [string, string[]][] {
  return [...params.keys()].sort().map((key) => [key, [...params.get(key)!].sort()]);
}

function sortedQueryString(params: Map<string, string[]>): string {
  return sortedEntries(params)
    .flatMap(([key, values]) => values.map((value) => `${key}=${value}`))
    .join('&');
}

function paramsMap(params: PlivoSignatureParams | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [key, value] of Object.entries(params ?? {})) map.set(key, valuesOf(value));
  return map;
}

/**
 * The string a V3 signature covers before `.nonce` is appended, built as Plivo's SDKs do:
 * - GET: `scheme://host/path`, then `?` and the query parameters merged with `params`, keys
 *   sorted, values of a key sorted, as `key=value` joined with `&` (no `?` when empty);
 * - POST: `scheme://host/path`, then `?` and the URL's own sorted query (the `?` also when only
 *   POST params exist), a `.` when both exist, then the POST params as `keyvalue`
 *   concatenations, keys sorted, values of a key sorted.
 * Query values are decoded first (`%20` and `+` become a space).
 */
export function plivoSignatureV3BaseUrl(
  method: PlivoSignedMethod,
  url: string,
  params?: PlivoSignatureParams,
): string {
  const { base, query } = splitUrl(url);
  const fromQuery = queryParams(query);
  if (method === 'GET') {
    for (const [key, values] of paramsMap(params)) {
      fromQuery.set(key, [...(fromQuery.get(key) ?? []), ...values]);
    }
    const sorted = sortedQueryString(fromQuery);
    return sorted.length > 0 ? `${base}?${sorted}` : base;
  }
  const postParams = paramsMap(params);
  const sortedQuery = sortedQueryString(fromQuery);
  let signed = base;
  if (sortedQuery.length > 0 || postParams.size > 0) signed += `?${sortedQuery}`;
  if (sortedQuery.length > 0 && postParams.size > 0) signed += '.';
  for (const [key, values] of sortedEntries(postParams)) {
    for (const value of values) signed += `${key}${value}`;
  }
  return signed;
}

function hmacSha256Base64(key: string, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('base64');
}

/** `Base64(HMAC-SHA256(authToken, baseUrl + "." + nonce))`: Plivo's V3 signature. */
export function plivoSignatureV3(input: PlivoSignatureV3Input): string {
  const baseUrl = plivoSignatureV3BaseUrl(input.method, input.url, input.params);
  return hmacSha256Base64(input.authToken, `${baseUrl}.${input.nonce}`);
}

/** True when any of the comma-separated `signatures` equals `expected` (constant time each). */
function anySignatureMatches(signatures: string, expected: string): boolean {
  let matched = false;
  for (const signature of signatures.split(',')) {
    if (constantTimeEqual(signature.trim(), expected)) matched = true;
  }
  return matched;
}

/**
 * Checks a V3 signature header value: it may hold several signatures separated by commas
 * (one per active token); any match is accepted.
 */
export function verifyPlivoSignatureV3(
  input: PlivoSignatureV3Input & { signature: string },
): boolean {
  if (input.signature.length === 0) return false;
  let expected: string;
  try {
    expected = plivoSignatureV3(input);
  } catch {
    return false;
  }
  return anySignatureMatches(input.signature, expected);
}

/** What a legacy V2 signature covers. */
export interface PlivoSignatureV2Input {
  /** The URL Plivo requested; its query string is not signed. */
  url: string;
  /** The `X-Plivo-Signature-V2-Nonce` header. */
  nonce: string;
  /** The Auth Token the signature is made with. */
  authToken: string;
}

/**
 * `Base64(HMAC-SHA256(authToken, scheme://host/path + nonce))`: Plivo's legacy V2 signature
 * (no dot, query dropped). It covers neither the body nor the query: prefer V3.
 */
export function plivoSignatureV2(input: PlivoSignatureV2Input): string {
  return hmacSha256Base64(input.authToken, `${splitUrl(input.url).base}${input.nonce}`);
}

/** Checks a legacy V2 signature header value (comma-separated signatures accepted). */
export function verifyPlivoSignatureV2(
  input: PlivoSignatureV2Input & { signature: string },
): boolean {
  if (input.signature.length === 0) return false;
  let expected: string;
  try {
    expected = plivoSignatureV2(input);
  } catch {
    return false;
  }
  return anySignatureMatches(input.signature, expected);
}

/** Path Plivo's Python stream SDK appends to the URL it checks. */
const PYTHON_SDK_UPGRADE_SUFFIX = '/websocket';

/**
 * The URLs a WebSocket upgrade's V3 signature may have been made over. Plivo documents none,
 * and its SDKs disagree: the Node stream SDK signs `https://host/path?query` (or `http://`
 * without TLS); the Python stream SDK turns `ws(s)://` into `http://` and appends `/websocket`.
 * For a `wss://host/path?query` request this gives, in order: `https://host/path?query`,
 * `https://host/path/websocket?query`, `http://host/path?query`,
 * `http://host/path/websocket?query` (and, with a query, the Python SDK's literal
 * `…?query/websocket`).
 */
export function plivoUpgradeSignatureUrls(url: string): string[] {
  const trimmed = url.trim();
  const withoutScheme = trimmed.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  if (withoutScheme === trimmed)
    throw new RangeError(`not an absolute URL: ${JSON.stringify(url)}`);
  const { base, query } = splitUrl(`https://${withoutScheme}`);
  const hostAndPath = base.slice('https://'.length);
  const queryPart = query.length > 0 ? `?${query}` : '';
  const candidates = new Set<string>();
  for (const scheme of ['https', 'http']) {
    candidates.add(`${scheme}://${hostAndPath}${queryPart}`);
    candidates.add(`${scheme}://${hostAndPath}${PYTHON_SDK_UPGRADE_SUFFIX}${queryPart}`);
    candidates.add(`${scheme}://${hostAndPath}${queryPart}${PYTHON_SDK_UPGRADE_SUFFIX}`);
  }
  return [...candidates];
}
