import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  type FetchFunction,
  headerValue,
  isOriginAllowed,
  type Logger,
  originOf,
  originRejectionReason,
  publicRequestUrl,
  rejectUpgrade,
  silentLogger,
  startHeartbeat,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
} from '@x/transport-core';
import { WebSocketServer } from 'ws';
import { type EchoBotPrompts, loadEchoBotPrompts } from '../bot/prompts.js';
import { CallRegistry } from '../calls/call-registry.js';
import { runProviderCall, runSoftphoneCall } from '../calls/incoming-calls.js';
import type { DemoConfig } from '../config/demo-config.js';
import { DemoMetrics, PROMETHEUS_CONTENT_TYPE } from '../metrics/demo-metrics.js';
import {
  DEMO_PROVIDER_NAMES,
  type DemoProvider,
  type DemoProviderName,
  demoProviders,
} from '../providers/demo-providers.js';
import { publicStreamUrl } from '../startup/startup-banner.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import {
  HEALTH_PATH,
  METRICS_PATH,
  PROVIDER_WEBSOCKET_PATH,
  pathOf,
  SOFTPHONE_WEBSOCKET_PATH,
} from './routes.js';
import { loadStaticAssets, type StaticAsset } from './static-assets.js';

/** Largest webhook body accepted, in bytes (provider webhooks are a few kilobytes). */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/** Options of `startDemoServer`. */
export interface DemoServerOptions {
  /** The configuration, normally `loadDemoConfig(process.env).config`. */
  config: DemoConfig;
  /** Logger for requests and calls; default silent. */
  logger?: Logger;
  /** The echo bot's prompts; default the committed `assets/greeting.wav` and `goodbye.wav`. */
  prompts?: EchoBotPrompts;
  /** `fetch` for hang-up requests; default the global `fetch`. */
  fetch?: FetchFunction;
  /** Interval of the WebSocket heartbeat pings, in milliseconds; default 30000. */
  heartbeatIntervalMs?: number;
}

/** A running demo server. */
export interface DemoServer {
  /** Base URL of the server as listened on, e.g. `http://127.0.0.1:8765`. */
  readonly url: string;
  /** The port listened on (useful with `PORT=0`). */
  readonly port: number;
  /** The server's counters (also at `GET /metrics`). */
  readonly metrics: DemoMetrics;
  /** The providers as configured. */
  readonly providers: readonly DemoProvider[];
  /** Calls in progress. */
  readonly activeCalls: number;
  /** Stops accepting, cancels calls in progress, and closes every connection. */
  close(): Promise<void>;
}

const COMMON_HEADERS = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  send(response, status, 'text/plain; charset=utf-8', `${text}\n`);
}

/** Why `listen` failed, in words that say what to do. */
function listenErrorAdvice(error: NodeJS.ErrnoException, config: DemoConfig): Error {
  if (error.code === 'EADDRINUSE') {
    return new Error(
      `port ${config.port} on ${config.host} is already in use: stop the other server, or start on another port, e.g. PORT=${config.port + 1} pnpm demo`,
    );
  }
  if (error.code === 'EACCES') {
    return new Error(
      `not allowed to listen on port ${config.port}: use a port above 1023, e.g. PORT=8765`,
    );
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new Error(
      `HOST=${config.host} is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`,
    );
  }
  return error;
}

/**
 * Starts the echo bot server: the web softphone at `/`, provider webhooks at `/twilio`,
 * `/telnyx` and `/plivo`, the providers' media-stream WebSocket at `/ws` (provider detected
 * from the first messages), the softphone's WebSocket at `/softphone/ws`, `/healthz` and
 * `/metrics`. Webhooks and upgrades are authenticated for every provider whose secret is set.
 * @throws Error saying what to do when the port is taken or the softphone is not built.
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const { config } = options;
  const logger = options.logger ?? silentLogger;
  const metrics = new DemoMetrics();
  const providers = demoProviders(config);
  const providersByName = new Map<DemoProviderName, DemoProvider>(
    providers.map((provider) => [provider.name, provider]),
  );
  const [assets, prompts] = await Promise.all([
    loadStaticAssets(),
    options.prompts ?? loadEchoBotPrompts(),
  ]);
  const calls = new CallRegistry();
  const startedAt = Date.now();
  let closing = false;

  const callDependencies = {
    config,
    metrics,
    logger,
    prompts,
    providers,
    calls,
    fetch: options.fetch,
  };

  const webSocketServer = new WebSocketServer({
    noServer: true,
    clientTracking: true,
    ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
  });
  const stopHeartbeat = startHeartbeat(webSocketServer, {
    ...(options.heartbeatIntervalMs !== undefined && { intervalMs: options.heartbeatIntervalMs }),
  });

  /** The public URL of a request as the provider signed it. */
  const signedUrl = (request: IncomingMessage, webSocket: boolean): string =>
    publicRequestUrl(
      { url: request.url ?? '/', headers: request.headers },
      {
        webSocket,
        ...(config.publicUrl !== undefined
          ? { publicUrl: config.publicUrl }
          : { trustForwardedHeaders: true }),
      },
    );

  /** The `wss://` URL to put in the webhook markup. */
  const streamUrlFor = (request: IncomingMessage): string =>
    config.publicUrl !== undefined
      ? publicStreamUrl(config.publicUrl)
      : publicRequestUrl(
          { url: PROVIDER_WEBSOCKET_PATH, headers: request.headers },
          { webSocket: true, trustForwardedHeaders: true },
        );

  const handleWebhook = async (
    provider: DemoProvider,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    const route = `/${provider.name}`;
    let rawBody: Buffer;
    try {
      rawBody = await readBody(request, MAX_WEBHOOK_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        metrics.refused(route, 'body-too-large');
        sendText(response, 413, `Payload too large: ${error.message}`);
        return;
      }
      throw error;
    }
    if (provider.webhookVerifier) {
      const result = provider.webhookVerifier.verifyWebhook({
        method: request.method ?? 'POST',
        url: signedUrl(request, false),
        headers: request.headers,
        rawBody,
      });
      if (!result.ok) {
        metrics.refused(route, 'bad-signature');
        logger.warn({ route, reason: result.reason }, `${provider.title} webhook refused`);
        sendText(response, 403, `Forbidden: ${result.reason}`);
        return;
      }
    }
    const markup = provider.descriptor.webhookResponse({ streamUrl: streamUrlFor(request) });
    logger.info(
      { route },
      `${provider.title} webhook answered: connecting the call to the echo bot`,
    );
    send(response, 200, markup.contentType, markup.body);
  };

  const handleRequest = async (request: IncomingMessage, response: ServerResponse) => {
    const path = pathOf(request.url);
    const method = request.method ?? 'GET';
    const providerName = path.slice(1) as DemoProviderName;
    if (DEMO_PROVIDER_NAMES.includes(providerName)) {
      if (method !== 'POST' && method !== 'GET') {
        sendText(response, 405, `Method ${method} not allowed: providers call ${path} with POST`);
        return;
      }
      await handleWebhook(providersByName.get(providerName)!, request, response);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(response, 405, `Method ${method} not allowed on ${path}`);
      return;
    }
    if (path === HEALTH_PATH) {
      const health = {
        status: closing ? 'stopping' : 'ok',
        activeCalls: calls.size,
        uptimeSecs: Math.round((Date.now() - startedAt) / 1000),
      };
      send(response, closing ? 503 : 200, 'application/json', JSON.stringify(health));
      return;
    }
    if (path === METRICS_PATH) {
      send(response, 200, PROMETHEUS_CONTENT_TYPE, metrics.render());
      return;
    }
    const asset: StaticAsset | undefined = assets.get(path);
    if (asset) {
      send(response, 200, asset.contentType, asset.body, {
        'permissions-policy': 'microphone=(self)',
      });
      return;
    }
    if (path === PROVIDER_WEBSOCKET_PATH || path === SOFTPHONE_WEBSOCKET_PATH) {
      sendText(response, 426, `Upgrade required: ${path} is a WebSocket endpoint`);
      return;
    }
    sendText(
      response,
      404,
      `Not found: ${path}. Open / for the softphone; providers post to /twilio, /telnyx or /plivo.`,
    );
  };

  const httpServer: Server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      logger.error({ err: error, url: request.url }, 'request failed');
      if (!response.headersSent) sendText(response, 500, 'Internal server error');
      else response.destroy();
    });
  });

  /**
   * The origins the softphone page is served from: this request's own host, the host a tunnel
   * forwarded (`X-Forwarded-Host`; a cross-site page cannot set it) and `PUBLIC_URL`.
   */
  const ownOrigins = (request: IncomingMessage): string[] => {
    const origins: string[] = [];
    const forwardedHost = headerValue(request.headers, 'x-forwarded-host')?.split(',')[0]?.trim();
    for (const host of [request.headers.host, forwardedHost]) {
      if (host) origins.push(`http://${host}`, `https://${host}`);
    }
    if (config.publicUrl !== undefined) origins.push(new URL(config.publicUrl).origin);
    return origins;
  };

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(request.url);
    if (closing) {
      rejectUpgrade(socket, 503, 'the server is stopping');
      return;
    }
    if (path === SOFTPHONE_WEBSOCKET_PATH) {
      const origin = originOf(request);
      if (!isOriginAllowed(origin, ownOrigins(request), { allowMissingOrigin: false })) {
        metrics.refused(SOFTPHONE_WEBSOCKET_PATH, 'origin');
        logger.warn({ origin }, 'softphone connection refused: not this server’s page');
        rejectUpgrade(socket, 403, originRejectionReason(origin));
        return;
      }
      webSocketServer.handleUpgrade(request, socket, head, (webSocket) => {
        runSoftphoneCall(webSocket, callDependencies);
      });
      return;
    }
    if (path === PROVIDER_WEBSOCKET_PATH) {
      const verified = new Set<DemoProviderName>();
      for (const provider of providers) {
        if (!provider.upgradeVerifier || !provider.claimsUpgrade(request)) continue;
        const result = provider.upgradeVerifier.verifyUpgrade({
          method: 'GET',
          url: signedUrl(request, true),
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
      webSocketServer.handleUpgrade(request, socket, head, (webSocket) => {
        runProviderCall(webSocket, verified, callDependencies);
      });
      return;
    }
    rejectUpgrade(
      socket,
      404,
      `no WebSocket endpoint at ${path}: providers use ${PROVIDER_WEBSOCKET_PATH}, the softphone ${SOFTPHONE_WEBSOCKET_PATH}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(listenErrorAdvice(error, config));
    httpServer.once('error', onError);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', onError);
      resolve();
    });
  }).catch((error: unknown) => {
    stopHeartbeat();
    webSocketServer.close();
    throw error;
  });
  httpServer.on('error', (error) => logger.error({ err: error }, 'server error'));

  const address = httpServer.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    metrics,
    providers,
    get activeCalls() {
      return calls.size;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        const serverClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await calls.cancelAll('server stopping');
        stopHeartbeat();
        for (const client of webSocketServer.clients) client.terminate();
        webSocketServer.close();
        httpServer.closeAllConnections();
        await serverClosed;
      })();
      return closed;
    },
  };
}
