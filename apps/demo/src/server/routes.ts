/** WebSocket path the providers' media streams connect to (the provider is detected). */
export const PROVIDER_WEBSOCKET_PATH = '/ws';
/** WebSocket path of the browser softphone (same origin only; speaks the Twilio protocol). */
export const SOFTPHONE_WEBSOCKET_PATH = '/softphone/ws';
/** Liveness: JSON with the number of active calls. */
export const HEALTH_PATH = '/healthz';
/** Prometheus metrics. */
export const METRICS_PATH = '/metrics';

/** The path of a request URL, without its query. */
export function pathOf(requestUrl: string | undefined): string {
  const url = requestUrl ?? '/';
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
