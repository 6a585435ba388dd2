import type { IncomingMessage } from 'node:http';
import { headerValue } from '@x/transport-core';

/** Address used when the socket no longer knows its peer (it closed meanwhile). */
const UNKNOWN_ADDRESS = 'unknown';

/**
 * The client's address, for per-address limits: the TCP peer, or with `trustProxy` the first
 * address of `X-Forwarded-For` (the client as your proxy saw it). Never trust that header
 * without a proxy of your own in front: any client can write it.
 */
export function clientAddressOf(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headerValue(request.headers, 'x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return request.socket.remoteAddress ?? UNKNOWN_ADDRESS;
}
