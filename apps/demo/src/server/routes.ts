/** WebSocket path the providers' media streams connect to (the provider is detected). */
export const PROVIDER_WEBSOCKET_PATH = '/ws';
/** WebSocket path of the browser softphone (allowed origins only; speaks the Twilio protocol). */
export const SOFTPHONE_WEBSOCKET_PATH = '/softphone/ws';
/** Readiness: JSON with the number of active calls; 503 once the server drains. */
export const HEALTH_PATH = '/healthz';
/** Liveness: 200 while the process runs, also while it drains. */
export const LIVENESS_PATH = '/livez';
/** Prometheus metrics. */
export const METRICS_PATH = '/metrics';

/** The path of a request URL, without its query. */
export function pathOf(requestUrl: string | undefined): string {
  const url = requestUrl ?? '/';
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
