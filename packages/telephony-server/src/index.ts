export type { DrainOutcome } from './drain-calls.js';
export { DEFAULT_LISTEN_OPTIONS, type ListenOptions } from './listen-options.js';
export {
  type MetricLabels,
  PROMETHEUS_CONTENT_TYPE,
  PrometheusMetric,
} from './prometheus-metric.js';
export { DEFAULT_TELEPHONY_SERVER_PATHS, type TelephonyServerPaths } from './routes.js';
export {
  DEFAULT_TELEPHONY_SERVER_LIMITS,
  type TelephonyServerLimits,
} from './server-limits.js';
export type {
  Bot,
  BotSession,
  BotSetup,
  CallEnd,
  CallEndReason,
  IncomingCall,
  TelephonyCall,
  TelephonyServerEvents,
} from './telephony-call.js';
export {
  createTelephonyServer,
  type DrainOptions,
  type ListeningAddress,
  TelephonyServer,
} from './telephony-server.js';
export { TelephonyServerMetrics } from './telephony-server-metrics.js';
export {
  type CallPipelineSettings,
  type CallTransportSettings,
  DEFAULT_TELEPHONY_SERVER_OPTIONS,
  type TelephonyServerOptions,
  type TrustedStreamEndpoint,
} from './telephony-server-options.js';
