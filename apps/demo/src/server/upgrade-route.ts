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
import type { PublicUrls } from './public-urls.js';
import { PROVIDER_WEBSOCKET_PATH, pathOf, SOFTPHONE_WEBSOCKET_PATH } from './routes.js';

/** What the upgrade route needs from the server. */
export interface UpgradeRouteDependencies {
  webSocketServer: WebSocketServer;
  providers: readonly DemoProvider[];
  urls: PublicUrls;
  metrics: DemoMetrics;
  logger: Logger;
  /** Takes an accepted provider stream, with the providers its upgrade authenticated. */
  onProviderSocket(socket: WebSocket, verified: ReadonlySet<DemoProviderName>): void;
  /** Takes an accepted softphone stream. */
  onSoftphoneSocket(socket: WebSocket): void;
}

/**
 * The server's `upgrade` handler:
 * - `/softphone/ws`: only from the demo's own page (its `Origin`), else 403;
 * - `/ws`: every provider whose authentication header is present and whose secret is set is
 *   checked (403 on failure, before the socket opens); the providers that passed are handed on,
 *   so that after detection a provider whose secret is set but did not pass can be refused;
 * - any other path: 404.
 */
export function handleUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  dependencies: UpgradeRouteDependencies,
): void {
  const { webSocketServer, providers, urls, metrics, logger } = dependencies;
  const path = pathOf(request.url);
  if (path === SOFTPHONE_WEBSOCKET_PATH) {
    const origin = originOf(request);
    if (!isOriginAllowed(origin, urls.ownOrigins(request), { allowMissingOrigin: false })) {
      metrics.refused(SOFTPHONE_WEBSOCKET_PATH, 'origin');
      logger.warn({ origin }, 'softphone connection refused: not this server’s page');
      rejectUpgrade(socket, 403, originRejectionReason(origin));
      return;
    }
    webSocketServer.handleUpgrade(request, socket, head, (webSocket) =>
      dependencies.onSoftphoneSocket(webSocket),
    );
    return;
  }
  if (path === PROVIDER_WEBSOCKET_PATH) {
    const verified = new Set<DemoProviderName>();
    for (const provider of providers) {
      if (!provider.upgradeVerifier || !provider.claimsUpgrade(request)) continue;
      const result = provider.upgradeVerifier.verifyUpgrade({
        method: 'GET',
        url: urls.signedUrl(request, true),
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
    webSocketServer.handleUpgrade(request, socket, head, (webSocket) =>
      dependencies.onProviderSocket(webSocket, verified),
    );
    return;
  }
  rejectUpgrade(
    socket,
    404,
    `no WebSocket endpoint at ${path}: providers use ${PROVIDER_WEBSOCKET_PATH}, the softphone ${SOFTPHONE_WEBSOCKET_PATH}`,
  );
}
