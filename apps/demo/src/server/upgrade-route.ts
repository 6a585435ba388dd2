import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  isOriginAllowed,
  type Logger,
  originOf,
  originRejectionReason,
  rejectUpgrade,
} from '@x/transport-core';
import type { WebSocket, WebSocketServer } from 'ws';
import type { DemoMetrics } from '../metrics/demo-metrics.js';
import type { DemoProvider, DemoProviderName } from '../providers/demo-providers.js';
import { clientAddressOf } from './client-address.js';
import {
  type ConnectionLimits,
  type ConnectionTicket,
  isConnectionRefusal,
} from './connection-limits.js';
import type { PublicUrls } from './public-urls.js';
import { PROVIDER_WEBSOCKET_PATH, pathOf, SOFTPHONE_WEBSOCKET_PATH } from './routes.js';

/** What the upgrade route needs from the server. */
export interface UpgradeRouteDependencies {
  webSocketServer: WebSocketServer;
  providers: readonly DemoProvider[];
  urls: PublicUrls;
  metrics: DemoMetrics;
  logger: Logger;
  /** Connection counts: admission happens here, before the WebSocket exists. */
  limits: ConnectionLimits;
  /** `TRUST_PROXY`: read the client address from `X-Forwarded-For`. */
  trustProxy: boolean;
  /** Origins the softphone page may connect from. */
  softphoneOrigins: readonly string[];
  /** True once the server drains: new streams are refused with 503. */
  draining(): boolean;
  /** Takes an accepted provider stream, with the providers its upgrade authenticated. */
  onProviderSocket(
    socket: WebSocket,
    verified: ReadonlySet<DemoProviderName>,
    ticket: ConnectionTicket,
  ): void;
  /** Takes an accepted softphone stream. */
  onSoftphoneSocket(socket: WebSocket, ticket: ConnectionTicket): void;
}

/**
 * The server's `upgrade` handler. It never throws: anything unexpected answers 500 and is
 * logged. In order:
 * - a draining server answers 503; a path other than `/ws` and `/softphone/ws` 404;
 * - `/softphone/ws`: only from the configured origins (`softphoneOrigins`), else 403;
 * - `/ws`: every provider whose authentication header is present and whose secret is set is
 *   checked (403 on failure); the providers that passed are handed on, so that after detection a
 *   provider whose secret is set but did not pass can be refused; a request whose public URL
 *   cannot be rebuilt (no `Host`, no `PUBLIC_URL`) gets 400;
 * - then the connection limits (503 when full, 429 for one address with too many streams being
 *   set up); the ticket is released when the socket closes.
 */
export function handleUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  dependencies: UpgradeRouteDependencies,
): void {
  // Node removes its own error listener from an upgraded socket: until `ws` takes it, ours is
  // the one that keeps a reset connection from throwing.
  socket.on('error', ignoreSocketError);
  try {
    routeUpgrade(request, socket, head, dependencies);
  } catch (error) {
    dependencies.logger.error({ err: error, url: request.url }, 'upgrade failed');
    if (!socket.destroyed) rejectUpgrade(socket, 500, 'internal server error');
  }
}

function ignoreSocketError(): void {
  // a client that goes away during the upgrade is not an error of ours
}

function routeUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  dependencies: UpgradeRouteDependencies,
): void {
  const { metrics, logger } = dependencies;
  const path = pathOf(request.url);
  if (path !== PROVIDER_WEBSOCKET_PATH && path !== SOFTPHONE_WEBSOCKET_PATH) {
    rejectUpgrade(
      socket,
      404,
      `no WebSocket endpoint at ${path}: providers use ${PROVIDER_WEBSOCKET_PATH}, the softphone ${SOFTPHONE_WEBSOCKET_PATH}`,
    );
    return;
  }
  if (dependencies.draining()) {
    metrics.refused(path, 'draining');
    rejectUpgrade(socket, 503, 'the server is stopping: no new calls');
    return;
  }
  if (path === SOFTPHONE_WEBSOCKET_PATH) {
    const origin = originOf(request);
    if (!isOriginAllowed(origin, dependencies.softphoneOrigins, { allowMissingOrigin: false })) {
      metrics.refused(SOFTPHONE_WEBSOCKET_PATH, 'origin');
      logger.warn({ origin }, 'softphone connection refused: not an allowed origin');
      rejectUpgrade(socket, 403, originRejectionReason(origin));
      return;
    }
    accept(request, socket, head, dependencies, path, (webSocket, ticket) =>
      dependencies.onSoftphoneSocket(webSocket, ticket),
    );
    return;
  }
  const verified = new Set<DemoProviderName>();
  for (const provider of dependencies.providers) {
    if (!provider.security.upgradesVerified || !provider.claimsUpgrade(request)) continue;
    const url = dependencies.urls.signedUrl(request, true);
    if (url === undefined) {
      metrics.refused(PROVIDER_WEBSOCKET_PATH, 'no-host');
      rejectUpgrade(socket, 400, 'a Host header is required (or set PUBLIC_URL)');
      return;
    }
    const result = provider.verifyUpgrade({
      method: 'GET',
      url,
      headers: request.headers,
    });
    if (!result.ok) {
      metrics.refused(PROVIDER_WEBSOCKET_PATH, 'bad-signature');
      logger.warn({ reason: result.reason }, `${provider.title} media stream refused`);
      rejectUpgrade(socket, 403, `${provider.title} authentication failed: ${result.reason}`);
      return;
    }
    verified.add(provider.name);
  }
  accept(request, socket, head, dependencies, path, (webSocket, ticket) =>
    dependencies.onProviderSocket(webSocket, verified, ticket),
  );
}

/** Admits the connection under the limits, then completes the WebSocket handshake. */
function accept(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  dependencies: UpgradeRouteDependencies,
  path: string,
  onSocket: (webSocket: WebSocket, ticket: ConnectionTicket) => void,
): void {
  const address = clientAddressOf(request, dependencies.trustProxy);
  const admission = dependencies.limits.admit(address);
  if (isConnectionRefusal(admission)) {
    dependencies.metrics.refused(path, admission.reason);
    dependencies.logger.warn({ path, reason: admission.reason }, 'stream refused by the limits');
    rejectUpgrade(socket, admission.status, admission.message);
    return;
  }
  // a handshake `ws` abandons (bad headers, socket gone) never calls back: release on close
  socket.once('close', admission.release);
  dependencies.webSocketServer.handleUpgrade(request, socket, head, (webSocket) => {
    webSocket.once('close', admission.release);
    onSocket(webSocket, admission);
  });
}
