import { createHmac } from 'node:crypto';

/**
 * Twilio's request signature: Base64(HMAC-SHA1(key = auth token, message = `data`)), where
 * `data` is the URL (plus, for form POSTs, the sorted parameters; see `twilioRequestSignature`).
 */
export function twilioSignature(authToken: string, data: string): string {
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * `X-Twilio-Signature` of a webhook request: the full URL, then for each POST parameter in
 * sorted name order `name + value` (repeated names: each distinct value, sorted), as twilio-node
 * computes it. Pass no parameters for GET requests.
 */
export function twilioRequestSignature(
  authToken: string,
  url: string,
  parameters: Record<string, string | readonly string[]> = {},
): string {
  let data = url;
  for (const name of Object.keys(parameters).sort()) {
    const value = parameters[name]!;
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const item of values) data += name + item;
  }
  return twilioSignature(authToken, data);
}

/**
 * The URL Twilio signs on a Media Streams WebSocket upgrade: `wss://` plus host, port and path,
 * with no query string (Twilio drops it). `ws:`, `http:` and `https:` URLs are rewritten to `wss:`.
 */
export function twilioWebSocketSignatureUrl(url: string): string {
  const parsed = new URL(url);
  return `wss://${parsed.host}${parsed.pathname}`;
}
