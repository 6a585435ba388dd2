import type { IncomingMessage } from 'node:http';
import type {
  Clock,
  FrameSerializer,
  Logger,
  PipelineTaskParams,
  TelephonyProvider,
  VADAnalyzer,
  VerificationResult,
  WebSocketTransportParams,
} from '@x/transport-core';
import type { TelephonyServerPaths } from './routes.js';
import type { TelephonyServerLimits } from './server-limits.js';
import type { Bot, IncomingCall } from './telephony-call.js';

/**
 * Transport settings of one call: `WebSocketTransportParams` without what the server sets (the
 * serializer, and the first-audio and media-rate limits, which are in `limits`), with the VAD
 * made per call.
 */
export interface CallTransportSettings
  extends Omit<
    WebSocketTransportParams,
    'serializer' | 'vadAnalyzer' | 'firstAudioTimeoutMs' | 'maxInboundMessagesPerSecond'
  > {
  /** Makes the VAD of one call (one per call: it keeps state), e.g. `() => new EnergyVADAnalyzer()`. Default none. */
  vadAnalyzer?: (call: IncomingCall) => VADAnalyzer | undefined;
}

/**
 * Pipeline settings of every call (`PipelineTaskParams` without the logger, which is the call's).
 * Pipelines run on their own `clock` (default the system clock), not on the server's.
 */
export type CallPipelineSettings = Omit<PipelineTaskParams, 'logger'>;

/**
 * A WebSocket endpoint whose clients you authenticate yourself (e.g. a browser softphone checked
 * by its `Origin`, or a gateway on your network): its streams skip the providers' checks, and are
 * never call-bound, so they can never make the server act on a real call over REST.
 */
export interface TrustedStreamEndpoint {
  /** Path of the endpoint, e.g. `/softphone/ws`. */
  path: string;
  /** The protocols its clients speak (detected among these). */
  providers: readonly TelephonyProvider[];
  /** Decides at the upgrade whether the client may connect; a refusal is answered 403 with its reason. */
  authorize(request: IncomingMessage): VerificationResult;
  /** Label of its calls in logs and metrics; default the detected provider's name. */
  label?: string;
}

/** Options of `createTelephonyServer`. */
export interface TelephonyServerOptions {
  /** The providers served (e.g. `[createTwilio(), createTelnyx()]`): webhooks at `/<name>`, streams at `paths.stream`. */
  providers: readonly TelephonyProvider[];
  /** Builds the processors of each call, between the transport's input and output. */
  bot: Bot;
  /**
   * The public base URL providers reach the server at (e.g. `https://bot.example.com` or a
   * tunnel): the URL signatures are checked against and the stream URL of webhook answers.
   * Default (also when `undefined`, e.g. an unset environment variable): rebuilt from each
   * request's `Host` as `https://` / `wss://`.
   */
  publicUrl?: string | undefined;
  /**
   * Trust `X-Forwarded-Proto`, `X-Forwarded-Host` (public URL, when `publicUrl` is unset) and
   * `X-Forwarded-For` (per-address limits). Only behind a proxy of your own. Default false.
   */
  trustProxy?: boolean;
  /**
   * Development only: answer unsigned webhooks and accept unauthenticated streams of providers
   * whose settings cannot verify them (`provider.security`). Such calls are never call-bound, so
   * they are never hung up over REST. Default false: they are refused (403, close 1008).
   */
  allowUnverified?: boolean;
  /** Transport settings of every call, or a function of the call. */
  transport?: CallTransportSettings | ((call: IncomingCall) => CallTransportSettings);
  /** Pipeline settings of every call; default 8000 Hz in and out (the phone's rate). */
  pipeline?: CallPipelineSettings;
  /** Limits; each unset one takes its default (`DEFAULT_TELEPHONY_SERVER_LIMITS`). */
  limits?: Partial<TelephonyServerLimits>;
  /** Paths; each unset one takes its default (`DEFAULT_TELEPHONY_SERVER_PATHS`). */
  paths?: Partial<TelephonyServerPaths>;
  /** More WebSocket endpoints whose clients you authenticate yourself. Default none. */
  trustedStreams?: readonly TrustedStreamEndpoint[];
  /** Wraps the serializer of each call (e.g. to count messages). Default none. */
  wrapSerializer?: (serializer: FrameSerializer, call: IncomingCall) => FrameSerializer;
  /** More Prometheus text appended to `/metrics` (your own metrics). Default none. */
  extraMetrics?: () => string;
  /** Interval of the WebSocket heartbeat pings, in milliseconds; default 30000. */
  heartbeatIntervalMs?: number;
  /** Logger of the server and its calls; default `consoleLogger()` at `info`. */
  logger?: Logger;
  /**
   * Clock of the server's own bounds: start of streams, webhook bodies, drain, end of calls,
   * heartbeat (tests use a `ManualClock`). Calls' pipelines use `pipeline.clock`. Default the
   * system clock.
   */
  clock?: Clock;
}

/** Defaults of `TelephonyServerOptions`. */
export const DEFAULT_TELEPHONY_SERVER_OPTIONS = Object.freeze({
  trustProxy: false,
  allowUnverified: false,
  heartbeatIntervalMs: 30_000,
  pipeline: Object.freeze({ audioInSampleRate: 8000, audioOutSampleRate: 8000 }),
} as const);
