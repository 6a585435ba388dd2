import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  type Clock,
  consoleLogger,
  type Logger,
  PipelineRunner,
  rejectUpgrade,
  startHeartbeat,
  superviseCall,
  systemClock,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
  type TelephonyProvider,
  TypedEventEmitter,
} from '@x/transport-core';
import { type WebSocket, WebSocketServer } from 'ws';
import { CallRegistry } from './call-registry.js';
import { type CallSessionContext, serveStream } from './call-session.js';
import { ConnectionLimits } from './connection-limits.js';
import { type DrainOutcome, drainCalls } from './drain-calls.js';
import { JSON_CONTENT_TYPE, send, sendText } from './http-responses.js';
import { DEFAULT_LISTEN_OPTIONS, type ListenOptions, listenErrorAdvice } from './listen-options.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-metric.js';
import { checkProviders } from './provider-policy.js';
import { PublicUrls } from './public-urls.js';
import { pathOf, resolveServerPaths, type TelephonyServerPaths, webhookPath } from './routes.js';
import { resolveServerLimits, type TelephonyServerLimits } from './server-limits.js';
import type { TelephonyServerEvents } from './telephony-call.js';
import { TelephonyServerMetrics } from './telephony-server-metrics.js';
import {
  type CallTransportSettings,
  DEFAULT_TELEPHONY_SERVER_OPTIONS,
  type TelephonyServerOptions,
  type TrustedStreamEndpoint,
} from './telephony-server-options.js';
import { type AcceptedStream, routeUpgrade } from './upgrade-route.js';
import { answerWebhook } from './webhook-route.js';

/** Bound on receiving a request's headers, in milliseconds (servers made by `listen`). */
const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request may take this long past the webhook body timeout, in milliseconds. */
const REQUEST_TIMEOUT_MARGIN_MS = 5_000;
/** Why the server ends calls when it stops. */
const STOPPING_REASON = 'server stopping';

/**
 * Checks `publicUrl`: an absolute `http(s)://` or `ws(s)://` URL without query or fragment.
 * @throws RangeError naming the problem.
 */
function checkPublicUrl(publicUrl: string | undefined): void {
  if (publicUrl === undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(publicUrl);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    !['https:', 'http:', 'wss:', 'ws:'].includes(url.protocol) ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new RangeError(
      `publicUrl must be the absolute base URL providers reach the server at, e.g. https://bot.example.com, got ${JSON.stringify(publicUrl)}`,
    );
  }
}

/** Where `listen` listens. */
export interface ListeningAddress {
  /** Base URL as listened on, e.g. `http://127.0.0.1:8765`. */
  readonly url: string;
  /** The port (useful with port 0). */
  readonly port: number;
  /** The address listened on. */
  readonly host: string;
}

/** Options of `TelephonyServer.drain`. */
export interface DrainOptions {
  /** How long calls in progress may go on by themselves, in ms; default `limits.drainTimeoutMs`. */
  drainTimeoutMs?: number;
}

/**
 * Creates the server kit: provider webhooks at `/<name>`, the providers' media-stream endpoint
 * at `/ws`, `/healthz`, `/livez` and `/metrics`, every call running the `bot`'s processors
 * between the transport's input and output. Run it with `listen()`, or mount it in a server of
 * your own with `handleRequest` and `handleUpgrade`.
 *
 * ```ts
 * const server = createTelephonyServer({
 *   providers: [createTwilio()],
 *   bot: (call) => [new MyBot()],
 * });
 * await server.listen({ port: 8765 });
 * process.once('SIGTERM', () => void server.drain().then(() => process.exit(0)));
 * ```
 * @throws Error when the options cannot serve a call (see `TelephonyServer`).
 */
export function createTelephonyServer(options: TelephonyServerOptions): TelephonyServer {
  return new TelephonyServer(options);
}

/**
 * The server kit (see `createTelephonyServer`). Events: `callStarted(call)`,
 * `callEnded(call, end)`.
 */
export class TelephonyServer extends TypedEventEmitter<TelephonyServerEvents> {
  /** The providers served. */
  readonly providers: readonly TelephonyProvider[];
  /** The paths answered. */
  readonly paths: Readonly<TelephonyServerPaths>;
  /** The limits applied. */
  readonly limits: Readonly<TelephonyServerLimits>;
  /** The server's counters (also at `GET /metrics`). */
  readonly metrics = new TelephonyServerMetrics();
  readonly #options: TelephonyServerOptions;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #urls: PublicUrls;
  readonly #connectionLimits: ConnectionLimits;
  readonly #calls = new CallRegistry();
  readonly #webhooks = new Map<string, TelephonyProvider>();
  readonly #trustedStreams = new Map<string, TrustedStreamEndpoint>();
  readonly #webSocketServer: WebSocketServer;
  readonly #callContext: CallSessionContext;
  readonly #startedMs: number;
  readonly #heartbeatIntervalMs: number;
  #stopHeartbeat: (() => void) | undefined;
  #httpServer: Server | undefined;
  #address: ListeningAddress | undefined;
  #draining = false;
  #closing = false;
  #drained: Promise<DrainOutcome> | undefined;
  #closed: Promise<void> | undefined;

  /**
   * @throws Error when no provider is given, a provider name is malformed or repeated, or a
   *   provider can verify neither webhooks nor streams and `allowUnverified` is off; RangeError
   *   for a malformed path or limit.
   */
  constructor(options: TelephonyServerOptions) {
    const logger = options.logger ?? consoleLogger();
    super({ logger });
    if (typeof options.bot !== 'function') {
      throw new TypeError('createTelephonyServer needs a bot: (call) => processors');
    }
    const allowUnverified =
      options.allowUnverified ?? DEFAULT_TELEPHONY_SERVER_OPTIONS.allowUnverified;
    const summary = checkProviders(options.providers, allowUnverified);
    this.#options = options;
    this.#logger = logger;
    this.#clock = options.clock ?? systemClock;
    this.providers = Object.freeze([...options.providers]);
    this.paths = resolveServerPaths(
      options.paths,
      this.providers.map((provider) => provider.name),
    );
    this.limits = resolveServerLimits(options.limits);
    for (const provider of this.providers) {
      this.#webhooks.set(webhookPath(this.paths, provider.name), provider);
    }
    for (const endpoint of options.trustedStreams ?? []) this.#addTrustedStream(endpoint);
    checkPublicUrl(options.publicUrl);
    this.#heartbeatIntervalMs =
      options.heartbeatIntervalMs ?? DEFAULT_TELEPHONY_SERVER_OPTIONS.heartbeatIntervalMs;
    if (!(this.#heartbeatIntervalMs > 0 && Number.isFinite(this.#heartbeatIntervalMs))) {
      throw new RangeError(
        `heartbeatIntervalMs must be a positive number of milliseconds, got ${this.#heartbeatIntervalMs}`,
      );
    }
    this.#urls = new PublicUrls({
      publicUrl: options.publicUrl,
      trustProxy: options.trustProxy ?? DEFAULT_TELEPHONY_SERVER_OPTIONS.trustProxy,
      streamPath: this.paths.stream,
    });
    this.#connectionLimits = new ConnectionLimits({
      maxConnections: this.limits.maxCalls,
      maxPending: this.limits.maxPendingStreams,
      maxPendingPerAddress: this.limits.maxPendingStreamsPerAddress,
    });
    this.#webSocketServer = new WebSocketServer({
      noServer: true,
      clientTracking: true,
      ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
    });
    const transport = options.transport;
    this.#callContext = {
      logger,
      clock: this.#clock,
      metrics: this.metrics,
      calls: this.#calls,
      runner: new PipelineRunner({ logger }),
      limits: this.limits,
      allowUnverified,
      bot: options.bot,
      pipeline: { ...DEFAULT_TELEPHONY_SERVER_OPTIONS.pipeline, ...options.pipeline },
      transportSettings:
        typeof transport === 'function' ? transport : (): CallTransportSettings => transport ?? {},
      wrapSerializer: options.wrapSerializer,
      callStarted: (call) => void this.emit('callStarted', call),
      callEnded: (call, end) => void this.emit('callEnded', call, end),
    };
    this.#startedMs = this.#clock.now();
    for (const line of summary) logger.info(line);
    if (allowUnverified) {
      logger.warn(
        'allowUnverified is on: unsigned webhooks and unauthenticated streams are accepted for providers that cannot verify them; never run it like this in production',
      );
    }
  }

  /** Calls in progress. */
  get activeCalls(): number {
    return this.#calls.size;
  }

  /** WebSockets accepted whose call has not started yet. */
  get pendingStreams(): number {
    return this.#connectionLimits.pending;
  }

  /** True once `drain` (or `close`) was called: readiness fails and new calls get 503. */
  get draining(): boolean {
    return this.#draining || this.#closing;
  }

  /** Where `listen` listens, once it does. */
  get address(): ListeningAddress | undefined {
    return this.#address;
  }

  /**
   * Answers a request on one of the server's paths (webhooks, health, liveness, metrics, and 426
   * on the stream endpoints) and returns true; returns false, answering nothing, for any other
   * path. Mount it before any body parser: signatures are checked over the raw body.
   *
   * ```ts
   * app.use((request, response, next) => {
   *   if (!server.handleRequest(request, response)) next();
   * });
   * ```
   */
  handleRequest(request: IncomingMessage, response: ServerResponse): boolean {
    const path = pathOf(request.url);
    const provider = this.#webhooks.get(path);
    if (provider) {
      this.#respond(request, response, () =>
        answerWebhook(provider, request, response, {
          urls: this.#urls,
          metrics: this.metrics,
          logger: this.#logger,
          clock: this.#clock,
          maxBodyBytes: this.limits.maxWebhookBodyBytes,
          bodyTimeoutMs: this.limits.webhookBodyTimeoutMs,
          allowUnverified: this.#callContext.allowUnverified,
          draining: () => this.draining,
        }),
      );
      return true;
    }
    const { health, liveness, metrics, stream } = this.paths;
    const probe = path === health || path === liveness || path === metrics;
    if (!probe && path !== stream && !this.#trustedStreams.has(path)) return false;
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(response, 405, `Method ${method} not allowed on ${path}`, { allow: 'GET, HEAD' });
      return true;
    }
    if (path === health) {
      const body = JSON.stringify({
        status: this.draining ? 'draining' : 'ok',
        activeCalls: this.activeCalls,
        pendingStreams: this.pendingStreams,
        uptimeSecs: Math.round((this.#clock.now() - this.#startedMs) / 1000),
      });
      send(response, this.draining ? 503 : 200, JSON_CONTENT_TYPE, body);
    } else if (path === liveness) {
      send(response, 200, JSON_CONTENT_TYPE, JSON.stringify({ status: 'alive' }));
    } else if (path === metrics) {
      send(response, 200, PROMETHEUS_CONTENT_TYPE, this.renderMetrics());
    } else {
      sendText(response, 426, `Upgrade required: ${path} is a WebSocket endpoint`, {
        upgrade: 'websocket',
      });
    }
    return true;
  }

  /**
   * Takes an HTTP upgrade on one of the server's stream endpoints and returns true; returns
   * false, touching nothing, for any other path. Never throws.
   *
   * ```ts
   * httpServer.on('upgrade', (request, socket, head) => {
   *   if (!server.handleUpgrade(request, socket, head)) socket.destroy();
   * });
   * ```
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = pathOf(request.url);
    const trusted = this.#trustedStreams.get(path);
    if (path !== this.paths.stream && trusted === undefined) return false;
    if (this.#closing) {
      socket.on('error', () => {});
      this.metrics.upgradeRefused('draining');
      rejectUpgrade(socket, 503, 'the server is stopping: no new calls');
      return true;
    }
    this.#stopHeartbeat ??= startHeartbeat(this.#webSocketServer, {
      intervalMs: this.#heartbeatIntervalMs,
      clock: this.#clock,
    });
    routeUpgrade(request, socket, head, trusted, {
      webSocketServer: this.#webSocketServer,
      providers: this.providers,
      urls: this.#urls,
      metrics: this.metrics,
      logger: this.#logger,
      limits: this.#connectionLimits,
      trustProxy: this.#options.trustProxy ?? DEFAULT_TELEPHONY_SERVER_OPTIONS.trustProxy,
      draining: () => this.draining,
      onStream: (webSocket, stream) => this.#serve(webSocket, stream, path),
    });
    return true;
  }

  /** Every metric in the Prometheus text format (what `GET /metrics` answers). */
  renderMetrics(): string {
    this.metrics.setPendingStreams(this.pendingStreams);
    const extra = this.#options.extraMetrics?.() ?? '';
    return extra === ''
      ? this.metrics.render()
      : `${this.metrics.render()}${extra.replace(/\n?$/, '\n')}`;
  }

  /**
   * Starts a `node:http` server of its own that answers the server's paths, and the others with
   * `options.fallback` (default 404). Requests are bounded: headers within 10 s, a whole request
   * within the webhook body timeout plus 5 s.
   * @throws Error saying what to do when the port is taken or the host is not this machine's.
   */
  async listen(options: ListenOptions = {}): Promise<ListeningAddress> {
    if (this.#httpServer) throw new Error('the telephony server is already listening');
    if (this.#closing) throw new Error('the telephony server is closed');
    const port = options.port ?? DEFAULT_LISTEN_OPTIONS.port;
    const host = options.host ?? DEFAULT_LISTEN_OPTIONS.host;
    const fallback = options.fallback;
    const httpServer = createServer((request, response) => {
      if (this.handleRequest(request, response)) return;
      if (fallback) this.#respond(request, response, async () => fallback(request, response));
      else sendText(response, 404, `Not found: ${pathOf(request.url)}. ${this.#routesHint()}`);
    });
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.handleUpgrade(request, socket, head)) return;
      socket.on('error', () => {});
      rejectUpgrade(
        socket,
        404,
        `no WebSocket endpoint at ${pathOf(request.url)}: streams connect to ${this.paths.stream}`,
      );
    });
    httpServer.requestTimeout = this.limits.webhookBodyTimeoutMs + REQUEST_TIMEOUT_MARGIN_MS;
    httpServer.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, httpServer.requestTimeout);
    this.#httpServer = httpServer;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        this.#httpServer = undefined;
        reject(listenErrorAdvice(error, port, host));
      };
      httpServer.once('error', onError);
      httpServer.listen(port, host, () => {
        httpServer.off('error', onError);
        resolve();
      });
    });
    httpServer.on('error', (error) => this.#logger.error({ err: error }, 'server error'));
    const address = httpServer.address() as AddressInfo;
    const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.#address = Object.freeze({
      url: `http://${hostForUrl}:${address.port}`,
      port: address.port,
      host: address.address,
    });
    this.#logger.info({ url: this.#address.url }, `listening: ${this.#routesHint()}`);
    return this.#address;
  }

  /**
   * Graceful stop (SIGTERM): `/healthz` answers 503 at once (`/livez` stays 200), new webhooks and
   * streams get 503, calls in progress go on for up to `drainTimeoutMs`; then each remaining call
   * is ended the normal way (the bot's `end`, e.g. a goodbye, else an `EndFrame`: one bounded
   * hang-up, close), any call still there after `limits.endOfCallTimeoutMs` is cancelled, and the
   * server closes. Resolves, once every call is gone, with what happened. Calling it again
   * returns the same promise.
   */
  drain(options: DrainOptions = {}): Promise<DrainOutcome> {
    this.#drained ??= (async () => {
      this.#draining = true;
      this.metrics.setDraining(true);
      const drainTimeoutMs = options.drainTimeoutMs ?? this.limits.drainTimeoutMs;
      this.#logger.info(
        { activeCalls: this.activeCalls, drainTimeoutMs },
        'draining: readiness fails, new calls are refused, calls in progress may finish',
      );
      const outcome = await drainCalls(this.#calls, {
        drainTimeoutMs,
        endOfCallTimeoutMs: this.limits.endOfCallTimeoutMs,
        reason: STOPPING_REASON,
        clock: this.#clock,
      });
      this.#logger.info({ ...outcome }, 'drained');
      await this.close();
      return outcome;
    })();
    return this.#drained;
  }

  /**
   * Stops at once: refuses new calls, cancels the calls in progress, drops every WebSocket and,
   * when `listen` started one, closes the HTTP server. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing = true;
      this.metrics.setDraining(true);
      const httpServer = this.#httpServer;
      const httpClosed = httpServer
        ? new Promise<void>((resolve) => httpServer.close(() => resolve()))
        : Promise.resolve();
      await this.#calls.cancelAll(STOPPING_REASON);
      this.#stopHeartbeat?.();
      for (const client of this.#webSocketServer.clients) client.terminate();
      this.#webSocketServer.close();
      httpServer?.closeAllConnections();
      await httpClosed;
    })();
    return this.#closed;
  }

  #serve(webSocket: WebSocket, stream: AcceptedStream, path: string): void {
    const fields: Record<string, unknown> = { path };
    void superviseCall(
      webSocket,
      () =>
        serveStream(webSocket, stream, this.#callContext, (more) => Object.assign(fields, more)),
      { logger: this.#logger, describe: () => fields, clock: this.#clock },
    );
  }

  #respond(request: IncomingMessage, response: ServerResponse, work: () => Promise<void>): void {
    work().catch((error: unknown) => {
      this.#logger.error({ err: error, path: pathOf(request.url) }, 'request failed');
      if (!response.headersSent) sendText(response, 500, 'Internal server error');
      else response.destroy();
    });
  }

  #routesHint(): string {
    const webhooks = [...this.#webhooks.keys()].join(', ');
    return `providers post to ${webhooks}; streams connect to ${this.paths.stream}`;
  }

  #addTrustedStream(endpoint: TrustedStreamEndpoint): void {
    const used = new Set<string | false>([
      this.paths.stream,
      this.paths.health,
      this.paths.liveness,
      this.paths.metrics,
      ...this.#webhooks.keys(),
      ...this.#trustedStreams.keys(),
    ]);
    if (
      typeof endpoint.path !== 'string' ||
      !endpoint.path.startsWith('/') ||
      used.has(endpoint.path)
    ) {
      throw new RangeError(
        `trusted stream path ${JSON.stringify(endpoint.path)} must be a path of its own starting with "/"`,
      );
    }
    if (!Array.isArray(endpoint.providers) || endpoint.providers.length === 0) {
      throw new Error(`trusted stream ${endpoint.path} needs at least one provider`);
    }
    if (typeof endpoint.authorize !== 'function') {
      throw new TypeError(`trusted stream ${endpoint.path} needs an authorize(request) function`);
    }
    this.#trustedStreams.set(endpoint.path, endpoint);
  }
}
