import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createTelephonyServer,
  DEFAULT_TELEPHONY_SERVER_PATHS,
  type TelephonyServer,
} from '@x/telephony-server';
import { type FetchFunction, type Logger, silentLogger } from '@x/transport-core';
import { loadHoldMusic } from '../bot/hold-music.js';
import { type EchoBotPrompts, loadEchoBotPrompts } from '../bot/prompts.js';
import { CallRecordings } from '../calls/call-recordings.js';
import {
  ECHO_CALL_PIPELINE,
  echoBot,
  echoCallTransport,
  endOfCallBoundMs,
  prepareVADEngine,
} from '../calls/echo-call.js';
import type { DemoConfig } from '../config/demo-config.js';
import { CallTrafficMetrics } from '../metrics/call-traffic-metrics.js';
import { CountingSerializer } from '../metrics/counting-serializer.js';
import {
  acceptsUnverified,
  type DemoProvider,
  demoProviders,
} from '../providers/demo-providers.js';
import { softphoneEndpoint, softphoneOrigins } from './softphone-origins.js';
import { loadStaticAssets, serveStaticAssets } from './static-assets.js';

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
  /**
   * Answers `/metrics` instead of the server kit, e.g. with every worker's metrics in a
   * cluster; default the kit's own (this process's).
   */
  metricsEndpoint?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

/** Where `/metrics` is served. */
const METRICS_PATH = DEFAULT_TELEPHONY_SERVER_PATHS.metrics as string;

/** A running demo server. */
export interface DemoServer {
  /** The server kit serving it all: `drain`, `close`, `activeCalls`, `draining`, `metrics`. */
  readonly telephony: TelephonyServer;
  /** Base URL of the server as listened on, e.g. `http://127.0.0.1:8765`. */
  readonly url: string;
  /** The port listened on (useful with `PORT=0`). */
  readonly port: number;
  /** The providers as configured. */
  readonly providers: readonly DemoProvider[];
  /** The demo's own counters (frames, interruptions, protocol errors, hang-ups). */
  readonly traffic: CallTrafficMetrics;
}

/** The path of a request URL, without its query. */
function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?', 1)[0] ?? '/';
}

/** Why `listen` failed, naming the demo's settings. */
function listenErrorAdvice(error: Error, config: DemoConfig): Error {
  const { code } = (error.cause ?? {}) as NodeJS.ErrnoException;
  if (code === 'EADDRINUSE') {
    return new Error(
      `port ${config.port} on ${config.host} is already in use: stop the other server, or start on another port, e.g. PORT=${config.port + 1} pnpm demo`,
    );
  }
  if (code === 'EACCES') {
    return new Error(
      `not allowed to listen on port ${config.port}: use a port above 1023, e.g. PORT=8765`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new Error(
      `HOST=${config.host} is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`,
    );
  }
  return error;
}

/**
 * Starts the echo bot on the server kit: provider webhooks at `/twilio`, `/telnyx` and `/plivo`,
 * their media streams at `/ws`, the softphone's stream at `/softphone/ws` (its own origins only),
 * `/healthz`, `/livez` and `/metrics`, and the web softphone's files at `/`. Webhooks and
 * streams are checked for every provider whose secret is set; the others are taken unverified,
 * never call-bound.
 * @throws Error saying what to do when the port is taken, the softphone is not built or the
 *   VAD engine cannot run here.
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const { config, metricsEndpoint } = options;
  const providers = demoProviders(config, options.fetch);
  const [assets, prompts, holdMusic] = await Promise.all([
    loadStaticAssets(),
    options.prompts ?? loadEchoBotPrompts(),
    config.holdMusic ? loadHoldMusic() : undefined,
    prepareVADEngine(config.vad),
  ]);
  const traffic = new CallTrafficMetrics();
  const recordings =
    config.recordDir === undefined
      ? undefined
      : new CallRecordings({ directory: config.recordDir });
  let allowedOrigins: readonly string[] = [];
  const telephony = createTelephonyServer({
    providers,
    allowUnverified: providers.some(acceptsUnverified),
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    bot: echoBot(prompts, { holdMusic: config.holdMusic }),
    transport: echoCallTransport(config, holdMusic),
    pipeline: ECHO_CALL_PIPELINE,
    limits: { ...config.limits, endOfCallTimeoutMs: endOfCallBoundMs(prompts) },
    trustedStreams: [softphoneEndpoint(() => allowedOrigins)],
    wrapSerializer: (serializer, call) =>
      new CountingSerializer(recordings?.wrap(serializer, call) ?? serializer, traffic, call.label),
    extraMetrics: () => traffic.render(),
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    logger: options.logger ?? silentLogger,
    ...(metricsEndpoint !== undefined && { paths: { metrics: false } }),
  });
  if (recordings) telephony.on('callEnded', (call) => void recordings.finish(call));
  const staticAssets = serveStaticAssets(assets);
  const fallback = (request: IncomingMessage, response: ServerResponse) =>
    metricsEndpoint !== undefined && pathOf(request.url) === METRICS_PATH
      ? metricsEndpoint(request, response)
      : staticAssets(request, response);
  const address = await telephony
    .listen({ port: config.port, host: config.host, fallback })
    .catch((error: Error) => {
      throw listenErrorAdvice(error, config);
    });
  allowedOrigins = softphoneOrigins(config, address.port);
  return { telephony, url: address.url, port: address.port, providers, traffic };
}
