export * from './audio/index.js';
export { type Clock, sleep, systemClock, type TimerHandle } from './clock/clock.js';
export * from './conversation/index.js';
export {
  type EventHandler,
  type EventMap,
  TypedEventEmitter,
  type TypedEventEmitterOptions,
} from './events/typed-event-emitter.js';
export * from './frames/index.js';
export {
  type PublicRequestUrlOptions,
  publicRequestUrl,
  type ServerRequestLike,
} from './http/public-request-url.js';
export {
  type ConsoleLoggerOptions,
  childLogger,
  consoleLogger,
  DEFAULT_LOG_LEVEL,
  defaultLogger,
  type Logger,
  type LogLevel,
  silentLogger,
} from './logging/logger.js';
export * from './pipeline/index.js';
export * from './providers/index.js';
export * from './recording/index.js';
export * from './serializer/index.js';
export * from './telephony/index.js';
export * from './transport/index.js';
export {
  type WebSocketCloseEventLike,
  type WebSocketLike,
  type WebSocketMessageEventLike,
  WebSocketReadyState,
} from './transport/websocket-like.js';
export * from './vad/index.js';
