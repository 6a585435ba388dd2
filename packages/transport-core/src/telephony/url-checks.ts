/** Schemes of a WebSocket URL a provider streams to (`ws:` for local tests). */
export const WEBSOCKET_URL_SCHEMES: readonly string[] = Object.freeze(['wss:', 'ws:']);
/** Schemes of an HTTP callback or API URL. */
export const HTTP_URL_SCHEMES: readonly string[] = Object.freeze(['https:', 'http:']);

function schemeList(schemes: readonly string[]): string {
  return schemes.map((scheme) => `${scheme}//`).join(' or ');
}

/**
 * Checks that `value` is an absolute URL with one of `schemes` (e.g. `['wss:']`), for the option
 * named `description`, and returns it unchanged.
 * @throws RangeError `<description> "<value>" is not an absolute URL`, or
 * `<description> "<value>" must use wss:// or ws://`.
 */
export function checkUrl(value: string, description: string, schemes: readonly string[]): string {
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new RangeError(`${description} ${JSON.stringify(value)} is not an absolute URL`);
  }
  if (!schemes.includes(protocol)) {
    throw new RangeError(`${description} ${JSON.stringify(value)} must use ${schemeList(schemes)}`);
  }
  return value;
}

/**
 * Checks a REST API base URL (absolute, `https:` or `http:`) and drops its trailing slashes, so a
 * path can be appended.
 * @throws RangeError `invalid <description> "<value>": not an absolute URL`, or `…: expected http(s)`.
 */
export function checkApiBaseUrl(value: string, description = 'apiBaseUrl'): string {
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new RangeError(`invalid ${description} ${JSON.stringify(value)}: not an absolute URL`);
  }
  if (!HTTP_URL_SCHEMES.includes(protocol)) {
    throw new RangeError(`invalid ${description} ${JSON.stringify(value)}: expected http(s)`);
  }
  return value.replace(/\/+$/, '');
}
