import { createHmac } from 'node:crypto';

/** Inputs of `plivoSignatureV3`. */
export interface PlivoSignatureV3Input {
  /** The account's auth token (the HMAC key). */
  authToken: string;
  /** `GET` (query parameters are part of the signed URL) or `POST` (form parameters appended). */
  method: 'GET' | 'POST';
  /** The URL Plivo requested. */
  url: string;
  /** The `X-Plivo-Signature-V3-Nonce` value. */
  nonce: string;
  /** Form parameters of a POST (ignored for GET beyond the URL's own query). */
  parameters?: Record<string, string | readonly string[]>;
}

/**
 * Plivo's V3 signature: Base64(HMAC-SHA256(auth token, signedUrl + "." + nonce)). For GET the
 * signed URL is `scheme://host[:port]/path` plus `?` and the query parameters sorted by name and
 * value as `k=v` joined by `&`; for POST it is the URL with its own sorted query, then `?`
 * (and `.` after a non-empty query), then the form parameters as sorted `key + value`.
 */
export function plivoSignatureV3(input: PlivoSignatureV3Input): string {
  const signedUrl =
    input.method === 'GET'
      ? plivoSignedGetUrl(input.url)
      : plivoSignedPostUrl(input.url, input.parameters ?? {});
  return createHmac('sha256', input.authToken)
    .update(`${signedUrl}.${input.nonce}`, 'utf8')
    .digest('base64');
}

/** The URL string a V3 GET signature covers. */
export function plivoSignedGetUrl(url: string): string {
  const parsed = new URL(url);
  const query = sortedQuery(parsed.searchParams);
  const base = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  return query.length > 0 ? `${base}?${query}` : base;
}

function plivoSignedPostUrl(
  url: string,
  parameters: Record<string, string | readonly string[]>,
): string {
  const parsed = new URL(url);
  const query = sortedQuery(parsed.searchParams);
  const names = Object.keys(parameters).sort();
  let signed = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  if (query.length > 0 || names.length > 0) signed += `?${query}`;
  if (query.length > 0 && names.length > 0) signed += '.';
  for (const name of names) {
    const value = parameters[name]!;
    const values = typeof value === 'string' ? [value] : [...value].sort();
    for (const item of values) signed += name + item;
  }
  return signed;
}

function sortedQuery(searchParams: URLSearchParams): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of searchParams) {
    const values = grouped.get(key) ?? [];
    values.push(value);
    grouped.set(key, values);
  }
  const pairs: string[] = [];
  for (const key of [...grouped.keys()].sort()) {
    for (const value of grouped.get(key)!.sort()) pairs.push(`${key}=${value}`);
  }
  return pairs.join('&');
}

/**
 * The URL Plivo's Node stream SDK checks on a WebSocket upgrade: `https://` for `wss:` (and
 * `http://` for `ws:`), then host, path and query. Plivo's Python SDK checks another form; a
 * server that accepts several candidates is the safe choice (see the protocol reference §3.2).
 */
export function plivoWebSocketSignatureUrl(url: string): string {
  const parsed = new URL(url);
  const scheme = parsed.protocol === 'wss:' || parsed.protocol === 'https:' ? 'https' : 'http';
  return `${scheme}://${parsed.host}${parsed.pathname}${parsed.search}`;
}
