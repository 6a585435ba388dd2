import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FetchFunction,
  type Logger,
  silentLogger,
  startHeartbeat,
  superviseCall,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
} from '@x/transport-core';
import { type WebSocket, WebSocketServer } from 'ws';
import { type EchoBotPrompts, loadEchoBotPrompts } from '../bot/prompts.js';
import { CallRegistry } from '../calls/call-registry.js';
import { endOfCallBoundMs, prepareVADEngine } from '../calls/echo-call.js';
import { runProviderCall, runSoftphoneCall } from '../calls/incoming-calls.js';
import type { DemoConfig } from '../config/demo-config.js';
import { DemoMetrics, PROMETHEUS_CONTENT_TYPE } from '../metrics/demo-metrics.js';
import {
  DEMO_PROVIDER_NAMES,
  type DemoProvider,
  type DemoProviderName,
  demoProviders,
} from '../providers/demo-providers.js';
import { ConnectionLimits } from './connection-limits.js';
import { type DrainOutcome, drainCalls } from './drain.js';
import { send, sendText } from './http-responses.js';
import { PublicUrls } from './public-urls.js';
import {
  HEALTH_PATH,
  LIVENESS_PATH,
  METRICS_PATH,
  PROVIDER_WEBSOCKET_PATH,
  pathOf,
  SOFTPHONE_WEBSOCKET_PATH,
} from './routes.js';
import { softphoneOrigins } from './softphone-origins.js';
import { loadStaticAssets, type StaticAsset } from './static-assets.js';
import { handleUpgrade } from './upgrade-route.js';
import { answerWebhook } from './webhook-route.js';

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
  /** True once `drain` was called: readiness fails and new calls are refused with 503. */
  readonly draining: boolean;
  /** Longest time the normal end of a call takes once asked for (goodbye, hang-up, close), in ms. */
  readonly endOfCallBoundMs: number;
  /**
   * Graceful stop (SIGTERM): `/healthz` answers 503 at once (`/livez` stays 200), new webhooks and
   * streams get 503, calls in progress go on for up to `drainTimeoutMs` (default `DRAIN_TIMEOUT`);
   * then the bot ends the rest the normal way (goodbye, one bounded hang-up, close 1000), any call
   * still there after `endOfCallBoundMs` is cancelled, and the server closes. Resolves with what
   * happened, within `drainTimeoutMs + endOfCallBoundMs` plus the close.
   */
  drain(drainTimeoutMs?: number): Promise<DrainOutcome>;
  /** Stops accepting, cancels calls in progress, and closes every connection. */
  close(): Promise<void>;
}

/** Bound on receiving a request's headers, in milliseconds. */
const HEADERS_TIMEOUT_MS = 10_000;
/** A request (headers and body) may take this long past `WEBHOOK_BODY_TIMEOUT`, in seconds. */
const REQUEST_TIMEOUT_MARGIN_SECS = 5;

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
  const providers = demoProviders(config, options.fetch);
  const providersByName = new Map<DemoProviderName, DemoProvider>(
    providers.map((provider) => [provider.name, provider]),
  );
  const [assets, prompts] = await Promise.all([
    loadStaticAssets(),
    options.prompts ?? loadEchoBotPrompts(),
    prepareVADEngine(config.vad),
  ]);
  const calls = new CallRegistry();
  const urls = new PublicUrls({ publicUrl: config.publicUrl, trustProxy: config.trustProxy });
  const limits = new ConnectionLimits({
    maxConnections: config.limits.maxCalls,
    maxPending: config.limits.maxPendingStreams,
    maxPendingPerAddress: config.limits.maxPendingStreamsPerAddress,
  });
  const endBoundMs = endOfCallBoundMs(prompts);
  const startedAt = Date.now();
  let closing = false;
  let draining = false;
  const isDraining = () => draining || closing;

  const callDependencies = {
    config,
    metrics,
    logger,
    prompts,
    providers,
    calls,
  };

  const webSocketServer = new WebSocketServer({
    noServer: true,
    clientTracking: true,
    ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
  });
  const stopHeartbeat = startHeartbeat(webSocketServer, {
    ...(options.heartbeatIntervalMs !== undefined && { intervalMs: options.heartbeatIntervalMs }),
  });

  const handleRequest = async (request: IncomingMessage, response: ServerResponse) => {
    const path = pathOf(request.url);
    const method = request.method ?? 'GET';
    const providerName = path.slice(1) as DemoProviderName;
    if (DEMO_PROVIDER_NAMES.includes(providerName)) {
      if (method !== 'POST' && method !== 'GET') {
        sendText(response, 405, `Method ${method} not allowed: providers call ${path} with POST`);
        return;
      }
      await answerWebhook(providersByName.get(providerName)!, request, response, {
        urls,
        metrics,
        logger,
        bodyTimeoutMs: config.limits.webhookBodyTimeoutSecs * 1000,
        draining: isDraining,
      });
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(response, 405, `Method ${method} not allowed on ${path}`);
      return;
    }
    if (path === HEALTH_PATH) {
      const health = {
        status: isDraining() ? 'draining' : 'ok',
        activeCalls: calls.size,
        uptimeSecs: Math.round((Date.now() - startedAt) / 1000),
      };
      send(response, isDraining() ? 503 : 200, 'application/json', JSON.stringify(health));
      return;
    }
    if (path === LIVENESS_PATH) {
      send(response, 200, 'application/json', JSON.stringify({ status: 'alive' }));
      return;
    }
    if (path === METRICS_PATH) {
      metrics.setPendingStreams(limits.pending);
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
  // A slow client cannot hold a connection: headers and the whole request are bounded.
  httpServer.requestTimeout =
    (config.limits.webhookBodyTimeoutSecs + REQUEST_TIMEOUT_MARGIN_SECS) * 1000;
  httpServer.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, httpServer.requestTimeout);

  /** Runs one call so that nothing in it can reach the process: a failure ends that call only. */
  const supervise = (webSocket: WebSocket, path: string, run: () => Promise<void>): void => {
    void superviseCall(
      webSocket,
      () =>
        run().catch((error: unknown) => {
          metrics.failedCallSetup('error');
          throw error;
        }),
      { logger, describe: () => ({ path }) },
    );
  };

  let softphoneOriginList: readonly string[] = [];
  httpServer.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
    handleUpgrade(request, socket, head, {
      webSocketServer,
      providers,
      urls,
      metrics,
      logger,
      limits,
      trustProxy: config.trustProxy,
      softphoneOrigins: softphoneOriginList,
      draining: isDraining,
      onProviderSocket: (webSocket, verified, ticket) => {
        supervise(webSocket, PROVIDER_WEBSOCKET_PATH, () =>
          runProviderCall(webSocket, verified, ticket, callDependencies),
        );
      },
      onSoftphoneSocket: (webSocket, ticket) => {
        supervise(webSocket, SOFTPHONE_WEBSOCKET_PATH, () =>
          runSoftphoneCall(webSocket, ticket, callDependencies),
        );
      },
    });
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
  softphoneOriginList = softphoneOrigins(config, address.port);
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  let drained: Promise<DrainOutcome> | undefined;

  const server: DemoServer = {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    metrics,
    providers,
    get activeCalls() {
      return calls.size;
    },
    get draining() {
      return isDraining();
    },
    endOfCallBoundMs: endBoundMs,
    drain(drainTimeoutMs = config.limits.drainTimeoutSecs * 1000) {
      drained ??= (async () => {
        draining = true;
        metrics.startedDraining();
        logger.info(
          { activeCalls: calls.size, drainTimeoutMs },
          'draining: readiness fails, new calls are refused, calls in progress may finish',
        );
        const outcome = await drainCalls(calls, {
          drainTimeoutMs,
          endOfCallBoundMs: endBoundMs,
          reason: 'server stopping',
        });
        logger.info({ ...outcome }, 'drained');
        await server.close();
        return outcome;
      })();
      return drained;
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
  return server;
}
