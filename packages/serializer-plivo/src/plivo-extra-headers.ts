import { stringRecord } from '@x/transport-core/provider-kit';

/** Longest `extraHeaders` attribute Plivo accepts, in bytes. */
export const PLIVO_EXTRA_HEADERS_MAX_BYTES = 512;

/** Separator our markup writes between `key=value` pairs (the XML docs' form). */
export const PLIVO_EXTRA_HEADERS_SEPARATOR = ',';

/** Characters Plivo allows in `extraHeaders` keys and values. */
const EXTRA_HEADER_TOKEN = /^[A-Za-z0-9]+$/;
const PAIR_SEPARATORS = /[,;]/;

/**
 * Parses the `extra_headers` string of a Plivo start message into a record. Three forms are
 * in use and all are accepted: `a=1,b=2` (the XML docs), `a=1;b=2` (the event docs) and a JSON
 * object string `{"a":"1"}` (Plivo's agent-transport). Keys and values are trimmed; a part
 * without `=` or with an empty key is skipped; a later key wins. Never throws: a malformed
 * string gives the pairs that could be read (the raw string stays in the call data).
 */
export function parsePlivoExtraHeaders(text: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return stringRecord(parsed);
      }
    } catch {
      // Not JSON after all: read it as pairs below.
    }
  }
  const headers: Record<string, string> = {};
  for (const part of trimmed.split(PAIR_SEPARATORS)) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const key = part.slice(0, equals).trim();
    if (key.length === 0 || key === '__proto__') continue;
    headers[key] = part.slice(equals + 1).trim();
  }
  return headers;
}

/**
 * Formats parameters as the `extraHeaders` attribute of `<Stream>`: `key=value` pairs joined
 * with `,`.
 * @throws RangeError naming the offending key or value when it has a character other than
 * `A-Z`, `a-z`, `0-9` (an empty value is allowed), or when the result is over 512 bytes.
 */
export function formatPlivoExtraHeaders(parameters: Readonly<Record<string, string>>): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(parameters)) {
    if (!EXTRA_HEADER_TOKEN.test(key)) {
      throw new RangeError(
        `Plivo extraHeaders key ${JSON.stringify(key)} must be non-empty and use only A-Z, a-z, 0-9`,
      );
    }
    if (typeof value !== 'string' || (value.length > 0 && !EXTRA_HEADER_TOKEN.test(value))) {
      throw new RangeError(
        `Plivo extraHeaders value ${JSON.stringify(value)} of ${JSON.stringify(key)} ` +
          'must use only A-Z, a-z, 0-9',
      );
    }
    pairs.push(`${key}=${value}`);
  }
  const formatted = pairs.join(PLIVO_EXTRA_HEADERS_SEPARATOR);
  // Only ASCII characters pass the checks above, so characters are bytes.
  if (formatted.length > PLIVO_EXTRA_HEADERS_MAX_BYTES) {
    throw new RangeError(
      `Plivo extraHeaders is ${formatted.length} bytes, over the ${PLIVO_EXTRA_HEADERS_MAX_BYTES}-byte limit`,
    );
  }
  return formatted;
}
