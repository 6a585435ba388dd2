import { headerValue, type IncomingRequestLike } from '../providers/request-verifier.js';

/** Options of `publicRequestUrl`. */
export interface PublicRequestUrlOptions {
  /**
   * The server's public base URL (e.g. `https://bot.example.com` or a tunnel URL), as the
   * provider calls it. When set, its scheme, host and path prefix are used.
   */
  publicUrl?: string;
  /** Trust `X-Forwarded-Proto` and `X-Forwarded-Host` (only behind a proxy you run). */
  trustForwardedHeaders?: boolean;
  /** Build a WebSocket URL (`wss://`, `ws://`) instead of an HTTP one. */
  webSocket?: boolean;
  /** Scheme when nothing else says; default `https` (`wss` for WebSockets). */
  defaultSecure?: boolean;
}

/** The request as a server framework gives it: path with query, and headers. */
export interface ServerRequestLike {
  /** Path and query as received, e.g. `/twilio?x=1`. */
  url: string;
  headers: IncomingRequestLike['headers'];
}

function firstListValue(value: string | undefined): string | undefined {
  const first = value?.split(',')[0]?.trim();
  return first ? first : undefined;
}

/**
 * Rebuilds the URL a provider requested (and signed), as it appears from the outside:
 * behind a proxy or tunnel the server sees `http://localhost/...` while Twilio signed
 * `https://bot.example.com/...` (or `wss://...` for the media stream upgrade).
 */
export function publicRequestUrl(
  request: ServerRequestLike,
  options: PublicRequestUrlOptions = {},
): string {
  const pathAndQuery = request.url.startsWith('/') ? request.url : `/${request.url}`;
  let secure = options.defaultSecure ?? true;
  let host: string | undefined;
  let prefix = '';
  if (options.publicUrl) {
    const base = new URL(options.publicUrl);
    secure = base.protocol === 'https:' || base.protocol === 'wss:';
    host = base.host;
    prefix = base.pathname.replace(/\/+$/, '');
  } else {
    if (options.trustForwardedHeaders) {
      const proto = firstListValue(headerValue(request.headers, 'x-forwarded-proto'));
      if (proto) secure = proto === 'https' || proto === 'wss';
      host = firstListValue(headerValue(request.headers, 'x-forwarded-host'));
    }
    host ??= headerValue(request.headers, 'host');
  }
  if (!host) throw new Error('cannot rebuild the public URL: no Host header and no publicUrl');
  const scheme = options.webSocket ? (secure ? 'wss' : 'ws') : secure ? 'https' : 'http';
  return `${scheme}://${host}${prefix}${pathAndQuery}`;
}
