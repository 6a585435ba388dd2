import { type Clock, systemClock } from '../clock/clock.js';
import type { StartFrame } from '../frames/lifecycle-frames.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import type { FrameProcessorSetup } from '../pipeline/frame-processor.js';
import { InboundRateLimiter } from './inbound-rate-limiter.js';
import { TransportStatsCounter } from './transport-stats.js';
import { type ConnectionLossReason, WebSocketConnection } from './websocket-connection.js';
import type { WebSocketLike } from './websocket-like.js';
import type { WebSocketMessage, WebSocketMessageHandOver } from './websocket-message-buffer.js';
import type { ResolvedWebSocketTransportParams } from './websocket-transport-params.js';

/** The pipeline rates the transport settled on at start. */
export interface TransportRates {
  /** Rate of caller audio inside the pipeline, in Hz. */
  readonly audioInSampleRate: number;
  /** Rate bot audio is sent at, in Hz. */
  readonly audioOutSampleRate: number;
}

/** What the session tells the transport (its events). */
export interface TransportSessionHooks {
  /** The connection was lost from the remote side (once). */
  onLoss(reason: ConnectionLossReason): void;
}

/**
 * Per-call state shared by a transport's input and output processors: the params, the socket
 * connection, counters, the serializer's one-time setup and the pipeline's clock and logger.
 * @internal
 */
export class TransportSession {
  readonly params: ResolvedWebSocketTransportParams;
  readonly stats = new TransportStatsCounter();
  readonly connection: WebSocketConnection;
  #logger: Logger;
  #clock: Clock | undefined;
  #rates: TransportRates | undefined;
  readonly #lossListeners: ((reason: ConnectionLossReason) => void)[] = [];

  constructor(
    socket: WebSocketLike,
    params: ResolvedWebSocketTransportParams,
    options: {
      logger: Logger | undefined;
      initialMessages: WebSocketMessageHandOver | Iterable<WebSocketMessage> | undefined;
    },
    hooks: TransportSessionHooks,
  ) {
    this.params = params;
    this.#logger = options.logger ?? silentLogger;
    this.connection = new WebSocketConnection(socket, {
      closeTimeoutMs: params.wsCloseTimeoutMs,
      maxBufferedBytes: params.wsMaxBufferedBytes,
      heldMessageLimit: params.inboundQueueLimit,
      stats: this.stats,
      initialMessages: options.initialMessages,
      inboundRateLimiter: inboundRateLimiterFor(params),
      onLoss: (reason) => {
        hooks.onLoss(reason);
        for (const listener of this.#lossListeners) listener(reason);
      },
    });
    this.connection.useRuntime(systemClock, this.#logger);
  }

  /** The logger of the call (the pipeline's once a processor is set up). */
  get logger(): Logger {
    return this.#logger;
  }

  /** The pipeline's clock, once a processor is set up. */
  get clockOrUndefined(): Clock | undefined {
    return this.#clock;
  }

  /** Rates settled at start, if started. */
  get rates(): TransportRates | undefined {
    return this.#rates;
  }

  /** Adopts the pipeline's clock and logger (from the first processor set up). */
  useRuntime(setup: FrameProcessorSetup, explicitLogger: boolean): void {
    if (this.#clock === undefined) this.#clock = setup.clock;
    if (!explicitLogger) this.#logger = setup.logger;
    this.connection.useRuntime(this.#clock, this.#logger);
  }

  /** Calls `listener` when the connection is lost (after the transport's event). */
  onLoss(listener: (reason: ConnectionLossReason) => void): void {
    this.#lossListeners.push(listener);
  }

  /**
   * Settles the rates from the params or the `StartFrame` and sets the serializer up, once for
   * both processors.
   */
  start(frame: StartFrame): TransportRates {
    if (this.#rates) return this.#rates;
    const rates: TransportRates = {
      audioInSampleRate: this.params.audioInSampleRate ?? frame.audioInSampleRate,
      audioOutSampleRate: this.params.audioOutSampleRate ?? frame.audioOutSampleRate,
    };
    this.#rates = rates;
    this.params.serializer?.setup({ ...rates, logger: this.#logger });
    return rates;
  }
}

/** The inbound ceiling of `params`, or none when both rates are unbounded. */
function inboundRateLimiterFor(
  params: ResolvedWebSocketTransportParams,
): InboundRateLimiter | undefined {
  const messages = params.maxInboundMessagesPerSecond;
  const bytes = params.maxInboundBytesPerSecond;
  if (messages === Number.POSITIVE_INFINITY && bytes === Number.POSITIVE_INFINITY) return undefined;
  return new InboundRateLimiter({
    maxMessagesPerSecond: messages === Number.POSITIVE_INFINITY ? Number.MAX_VALUE : messages,
    maxBytesPerSecond: bytes === Number.POSITIVE_INFINITY ? Number.MAX_VALUE : bytes,
  });
}
