export { INBOUND_RATE_BURST_SECS } from './inbound-rate-limiter.js';
export { INTERRUPTION_POLICIES, type InterruptionPolicy } from './interruption-policy.js';
export {
  isOriginAllowed,
  ORIGIN_REJECTED_CLOSE_CODE,
  type OriginCheckOptions,
  originOf,
  originRejectionReason,
  type RequestWithHeaders,
  rejectDisallowedOrigin,
  rejectUpgrade,
  type UpgradeSocketLike,
} from './origin.js';
export {
  RAW_AUDIO_INTERRUPTION_MESSAGE,
  RawAudioSerializer,
  type RawAudioSerializerOptions,
} from './raw-audio-serializer.js';
export { type ContainSocketOptions, containSocket } from './socket-containment.js';
export { type SuperviseCallOptions, superviseCall } from './supervise-call.js';
export {
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  type HeartbeatOptions,
  type HeartbeatServerLike,
  type HeartbeatSocketLike,
  startHeartbeat,
  TELEPHONY_MAX_PAYLOAD_BYTES,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
} from './telephony-server-options.js';
export { DEFAULT_TRANSPORT_PARAMS, type TransportParams } from './transport-params.js';
export type { WebSocketTransportStats } from './transport-stats.js';
export {
  type ConnectionLossReason,
  POLICY_VIOLATION_CLOSE_CODE,
} from './websocket-connection.js';
export {
  USER_SPEAKING_FRAME_PERIOD_MS,
  VAD_AUDIO_IDLE_TIMEOUT_MS,
  WebSocketInputTransport,
} from './websocket-input-transport.js';
export type {
  WebSocketMessage,
  WebSocketMessageHandOver,
} from './websocket-message-buffer.js';
export {
  BOT_SPEAKING_FRAME_PERIOD_MS,
  BOT_SPEECH_STOPPED_AFTER_MS,
  WebSocketOutputTransport,
} from './websocket-output-transport.js';
export {
  WebSocketTransport,
  type WebSocketTransportEvents,
  type WebSocketTransportOptions,
} from './websocket-transport.js';
export {
  DEFAULT_WEBSOCKET_TRANSPORT_PARAMS,
  type ResolvedWebSocketTransportParams,
  resolveWebSocketTransportParams,
  type WebSocketTransportParams,
} from './websocket-transport-params.js';
