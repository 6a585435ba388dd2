import { headerValue, type IncomingRequestLike } from '../providers/request-verifier.js';

/** Close code the transport uses when it refuses a connection's origin (as Pipecat's runner). */
export const ORIGIN_REJECTED_CLOSE_CODE = 4003;

/** Options of `isOriginAllowed`. */
export interface OriginCheckOptions {
  /**
   * Whether a request without an `Origin` header passes a non-empty allow list. Telephony
   * providers send no Origin; browsers always send one. Default true.
   */
  allowMissingOrigin?: boolean;
}

/** The headers of an HTTP request (e.g. a `node:http` `IncomingMessage`). */
export interface RequestWithHeaders {
  readonly headers: IncomingRequestLike['headers'];
}

/** The raw socket of a `node:http` `upgrade` event, as far as rejecting it needs. */
export interface UpgradeSocketLike {
  write(data: string): unknown;
  destroy(): void;
}

function normalizedOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * Whether a WebSocket request from `origin` may connect. An empty `allowedOrigins` allows
 * everything. Otherwise the origin must equal one entry, ignoring case (and a trailing `/` in
 * the entry); there are no wildcards. A missing or empty origin passes unless
 * `allowMissingOrigin` is false.
 */
export function isOriginAllowed(
  origin: string | null | undefined,
  allowedOrigins: readonly string[],
  options: OriginCheckOptions = {},
): boolean {
  if (allowedOrigins.length === 0) return true;
  if (origin === null || origin === undefined || origin.trim() === '') {
    return options.allowMissingOrigin ?? true;
  }
  const wanted = normalizedOrigin(origin);
  return allowedOrigins.some((allowed) => normalizedOrigin(allowed) === wanted);
}

/** The request's `Origin` header, if any. */
export function originOf(request: RequestWithHeaders): string | undefined {
  return headerValue(request.headers, 'origin');
}

/**
 * Answers an HTTP upgrade with an error status and drops the socket: use it in a `node:http`
 * `upgrade` handler before `handleUpgrade`, so a refused client never gets a WebSocket.
 */
export function rejectUpgrade(socket: UpgradeSocketLike, statusCode: number, reason: string): void {
  const statusText = STATUS_TEXT[statusCode] ?? 'Error';
  const body = `${reason}\n`;
  try {
    socket.write(
      `HTTP/1.1 ${statusCode} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  } finally {
    socket.destroy();
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * In a `node:http` `upgrade` handler: when the request's origin is not allowed, answers
 * `403 Forbidden` (naming the origin), drops the socket and returns true; otherwise returns false
 * and the caller goes on with `handleUpgrade`.
 *
 * ```ts
 * server.on('upgrade', (request, socket, head) => {
 *   if (rejectDisallowedOrigin(request, socket, ['https://app.example.com'])) return;
 *   wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
 * });
 * ```
 */
export function rejectDisallowedOrigin(
  request: RequestWithHeaders,
  socket: UpgradeSocketLike,
  allowedOrigins: readonly string[],
  options: OriginCheckOptions = {},
): boolean {
  const origin = originOf(request);
  if (isOriginAllowed(origin, allowedOrigins, options)) return false;
  rejectUpgrade(socket, 403, originRejectionReason(origin));
  return true;
}

/** The reason given when an origin is refused. */
export function originRejectionReason(origin: string | undefined): string {
  return origin === undefined || origin.trim() === ''
    ? 'WebSocket connection rejected: a request without an Origin is not allowed'
    : `WebSocket connection rejected: origin '${origin}' not allowed`;
}
