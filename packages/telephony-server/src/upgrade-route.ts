import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Logger, rejectUpgrade, type TelephonyProvider } from '@x/transport-core';
import type { WebSocket, WebSocketServer } from 'ws';
import { clientAddressOf } from './client-address.js';
import {
  type ConnectionLimits,
  type ConnectionTicket,
  isConnectionRefusal,
} from './connection-limits.js';
import type { PublicUrls } from './public-urls.js';
import type { TelephonyServerMetrics } from './telephony-server-metrics.js';
import type { TrustedStreamEndpoint } from './telephony-server-options.js';

/** A WebSocket accepted on a stream endpoint, not yet a call. */
export interface AcceptedStream {
  /** The providers detection chooses among. */
  readonly providers: readonly TelephonyProvider[];
  /** The providers whose own check this upgrade passed. */
  readonly verified: ReadonlySet<TelephonyProvider>;
  /** The trusted endpoint it came through, if any. */
  readonly trustedEndpoint: TrustedStreamEndpoint | undefined;
  /** Its place under the connection limits: pending until `started()`. */
  readonly ticket: ConnectionTicket;
}

/** What the upgrade route needs from the server. */
export interface UpgradeRouteContext {
  webSocketServer: WebSocketServer;
  providers: readonly TelephonyProvider[];
  urls: PublicUrls;
  metrics: TelephonyServerMetrics;
  logger: Logger;
  /** Connection counts: admission happens here, before the WebSocket exists. */
  limits: ConnectionLimits;
  /** Read the client address from `X-Forwarded-For`. */
  trustProxy: boolean;
  /** True once the server drains: new streams are refused with 503. */
  draining(): boolean;
  /** Takes an accepted WebSocket. */
  onStream(webSocket: WebSocket, stream: AcceptedStream): void;
}

/**
 * Answers an upgrade on a stream endpoint (`trustedEndpoint` undefined: the providers' one). It
 * never throws: anything unexpected answers 500 and is logged. In order:
 * - a draining server answers 503;
 * - a trusted endpoint asks its `authorize` (403 with its reason);
 * - the providers' endpoint checks every provider that verifies upgrades and whose
 *   authentication headers the request carries (403 on failure; 400 when the public URL cannot
 *   be rebuilt); the providers that passed are handed on, so that after detection a provider
 *   that verifies upgrades but was not verified on this one can be refused;
 * - then the connection limits (503 when full, 429 for one address with too many streams being
 *   set up); the ticket is released when the socket closes.
 */
export function routeUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  trustedEndpoint: TrustedStreamEndpoint | undefined,
  context: UpgradeRouteContext,
): void {
  // Node removes its own error listener from an upgraded socket: until `ws` takes it, ours is
  // the one that keeps a reset connection from throwing.
  socket.on('error', ignoreSocketError);
  try {
    checkAndAccept(request, socket, head, trustedEndpoint, context);
  } catch (error) {
    context.logger.error({ err: error, url: request.url }, 'upgrade failed');
    context.metrics.upgradeRefused('error');
    if (!socket.destroyed) rejectUpgrade(socket, 500, 'internal server error');
  }
}

function ignoreSocketError(): void {
  // a client that goes away during the upgrade is not an error of ours
}

function checkAndAccept(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  trustedEndpoint: TrustedStreamEndpoint | undefined,
  context: UpgradeRouteContext,
): void {
  const { metrics, logger } = context;
  const refuse = (status: number, reason: string, message: string): void => {
    metrics.upgradeRefused(reason);
    rejectUpgrade(socket, status, message);
  };
  if (context.draining()) {
    refuse(503, 'draining', 'the server is stopping: no new calls');
    return;
  }
  const verified = new Set<TelephonyProvider>();
  if (trustedEndpoint) {
    const result = trustedEndpoint.authorize(request);
    if (!result.ok) {
      logger.warn({ path: trustedEndpoint.path, reason: result.reason }, 'stream refused');
      refuse(403, 'forbidden', result.reason);
      return;
    }
  } else {
    for (const provider of context.providers) {
      if (!provider.security.upgradesVerified || !provider.claimsUpgrade(request)) continue;
      const url = context.urls.signedUrl(request, true);
      if (url === undefined) {
        refuse(400, 'no-host', 'a Host header is required (or set publicUrl)');
        return;
      }
      const result = provider.verifyUpgrade({ method: 'GET', url, headers: request.headers });
      if (!result.ok) {
        logger.warn({ provider: provider.name, reason: result.reason }, 'media stream refused');
        refuse(403, 'bad-signature', `${provider.title} authentication failed: ${result.reason}`);
        return;
      }
      verified.add(provider);
    }
  }
  const admission = context.limits.admit(clientAddressOf(request, context.trustProxy));
  if (isConnectionRefusal(admission)) {
    logger.warn({ reason: admission.reason }, 'stream refused by the limits');
    refuse(admission.status, admission.reason, admission.message);
    return;
  }
  // a handshake `ws` abandons (bad headers, socket gone) never calls back: release on close
  socket.once('close', admission.release);
  context.webSocketServer.handleUpgrade(request, socket, head, (webSocket) => {
    webSocket.once('close', admission.release);
    context.onStream(webSocket, {
      providers: trustedEndpoint?.providers ?? context.providers,
      verified,
      trustedEndpoint,
      ticket: admission,
    });
  });
}
