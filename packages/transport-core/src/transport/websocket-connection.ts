import { type Clock, systemClock, type TimerHandle } from '../clock/clock.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import type { InboundRateLimiter } from './inbound-rate-limiter.js';
import { containSocket } from './socket-containment.js';
import type { TransportStatsCounter } from './transport-stats.js';
import {
  messageDataOf,
  type WebSocketCloseEventLike,
  type WebSocketLike,
  type WebSocketMessageEventLike,
  WebSocketReadyState,
} from './websocket-like.js';
import type { WebSocketMessage, WebSocketMessageHandOver } from './websocket-message-buffer.js';

/** Why the connection was lost (from the remote side, or because the peer misbehaved). */
export type ConnectionLossReason =
  /** The peer closed the socket (a close frame or the TCP connection ended). */
  | 'remote-close'
  /** The socket reported an error. */
  | 'error'
  /** `send` threw. */
  | 'send-failed'
  /** The peer stopped reading: `bufferedAmount` passed `wsMaxBufferedBytes`. */
  | 'write-bound-exceeded'
  /** The peer sent above the inbound ceiling for longer than a burst (closed with 1008). */
  | 'inbound-rate-exceeded'
  /** No caller audio arrived within `firstAudioTimeoutMs` of the start (closed with 1008). */
  | 'no-audio';

/** Close code for a connection ended because the peer broke a policy (RFC 6455 1008). */
export const POLICY_VIOLATION_CLOSE_CODE = 1008;

/** Loss reasons that are the peer breaking a policy: we close with 1008 and say why. */
const POLICY_LOSS_REASONS: ReadonlySet<ConnectionLossReason> = new Set([
  'inbound-rate-exceeded',
  'no-audio',
]);

/** Options of `WebSocketConnection`. */
export interface WebSocketConnectionOptions {
  /** Bound on our close handshake, in milliseconds; the socket is terminated after it. */
  closeTimeoutMs: number;
  /** Above this `bufferedAmount` the peer counts as gone. */
  maxBufferedBytes: number;
  /** Most messages held until a consumer is attached; later ones are dropped and counted. */
  heldMessageLimit: number;
  /** Counters to update. */
  stats: TransportStatsCounter;
  /** Called once when the connection is lost (never for our own close). */
  onLoss: (reason: ConnectionLossReason) => void;
  /** Messages another reader took off the socket before us. */
  initialMessages?: WebSocketMessageHandOver | Iterable<WebSocketMessage>;
  /** The inbound ceiling; a sustained excess loses the connection. Default: no ceiling. */
  inboundRateLimiter?: InboundRateLimiter | undefined;
}

type ConnectionState = 'open' | 'closing' | 'closed' | 'lost';

/**
 * The one socket of a call, shared by the input and output processors. It attaches its listeners
 * synchronously, holds messages until the input is ready, bounds writes and our close handshake,
 * tells a remote loss (reported once) from our own close, and removes every listener when the
 * socket is gone.
 */
export class WebSocketConnection {
  readonly socket: WebSocketLike;
  readonly #options: WebSocketConnectionOptions;
  #clock: Clock = systemClock;
  #logger: Logger = silentLogger;
  #state: ConnectionState = 'open';
  #attached = false;
  #consumer: ((message: WebSocketMessage) => void) | undefined;
  #held: WebSocketMessage[] = [];
  #warnedHeldOverflow = false;
  #users = 0;
  #closing: Promise<void> | undefined;
  #finishClose: (() => void) | undefined;
  #closeTimer: TimerHandle | undefined;
  #lossReason: ConnectionLossReason | undefined;
  /** True once the caller hung up: the connection was lost, or the provider said `stop`. */
  callerHungUp = false;

  constructor(socket: WebSocketLike, options: WebSocketConnectionOptions) {
    this.socket = socket;
    this.#options = options;
    // keeps an error listener after ours are removed, until the socket has closed
    containSocket(socket);
    socket.addEventListener('message', this.#onMessage);
    socket.addEventListener('close', this.#onClose);
    socket.addEventListener('error', this.#onError);
    this.#attached = true;
    const initial = options.initialMessages;
    if (initial !== undefined) {
      const messages = isHandOver(initial) ? initial.takeMessages() : initial;
      for (const message of messages) this.#hold(message);
    }
    if (
      socket.readyState === WebSocketReadyState.CLOSING ||
      socket.readyState === WebSocketReadyState.CLOSED
    ) {
      // closed before we got it: report it once listeners of the transport's events can exist
      queueMicrotask(() => this.#lose('remote-close'));
    }
  }

  /** Uses the pipeline's clock and logger from now on. */
  useRuntime(clock: Clock, logger: Logger): void {
    if (clock !== this.#clock) this.#options.inboundRateLimiter?.rebase();
    this.#clock = clock;
    this.#logger = logger;
  }

  /** True while the socket is open and neither side has ended the call. */
  get open(): boolean {
    return this.#state === 'open' && this.socket.readyState === WebSocketReadyState.OPEN;
  }

  /** True once the connection was lost from the remote side. */
  get lost(): boolean {
    return this.#state === 'lost';
  }

  /** Why the connection was lost, once it was. */
  get lossReason(): ConnectionLossReason | undefined {
    return this.#lossReason;
  }

  /** True once we closed (or started closing) the socket ourselves. */
  get closedByUs(): boolean {
    return this.#state === 'closing' || this.#state === 'closed';
  }

  /** True while our listeners are attached to the socket. */
  get listening(): boolean {
    return this.#attached;
  }

  /** Delivers the held messages in order, then every later one, to `consumer`. */
  deliverTo(consumer: (message: WebSocketMessage) => void): void {
    this.#consumer = consumer;
    const held = this.#held;
    this.#held = [];
    for (const message of held) consumer(message);
  }

  /**
   * Sends `data` if the connection is open. A send that throws, or that leaves more than
   * `maxBufferedBytes` waiting, loses the connection. Returns whether the data was handed over.
   */
  send(data: string | Uint8Array): boolean {
    if (!this.open) return false;
    try {
      this.socket.send(data);
    } catch (error) {
      this.#logger.warn({ err: error }, 'WebSocket send failed; ending the call');
      this.#lose('send-failed');
      return false;
    }
    const stats = this.#options.stats;
    stats.messagesSent++;
    stats.bytesSent += typeof data === 'string' ? data.length : data.byteLength;
    const buffered = this.socket.bufferedAmount;
    if (buffered !== undefined && buffered > this.#options.maxBufferedBytes) {
      this.#logger.warn(
        { bufferedBytes: buffered, maxBufferedBytes: this.#options.maxBufferedBytes },
        'the client stopped reading (send buffer over the bound); dropping the connection',
      );
      this.#lose('write-bound-exceeded');
    }
    return true;
  }

  /** Registers a processor that will `leave` when done; the socket closes when all have left. */
  join(): void {
    this.#users++;
  }

  /** A processor is done with the socket; the last one to leave closes it (bounded). */
  leave(): Promise<void> {
    this.#users = Math.max(0, this.#users - 1);
    if (this.#users > 0) return Promise.resolve();
    return this.close(1000, 'call ended');
  }

  /**
   * Closes the socket ourselves (never reported as a loss), waiting at most `closeTimeoutMs` for
   * the close handshake before terminating the connection. Resolves when our listeners are gone.
   */
  close(code = 1000, reason = ''): Promise<void> {
    if (this.#closing) return this.#closing;
    if (this.#state !== 'open') return Promise.resolve();
    this.#state = 'closing';
    this.#closing = new Promise<void>((resolve) => {
      this.#finishClose = () => {
        this.#finishClose = undefined;
        if (this.#closeTimer !== undefined) this.#clock.clearTimeout(this.#closeTimer);
        this.#closeTimer = undefined;
        this.#state = 'closed';
        this.#detach();
        resolve();
      };
    });
    const finish = this.#finishClose;
    try {
      this.socket.close(code, reason);
    } catch (error) {
      this.#logger.warn({ err: error }, 'error while closing the WebSocket');
    }
    if (this.socket.readyState === WebSocketReadyState.CLOSED) {
      this.#finishClose?.();
    } else if (finish === this.#finishClose) {
      this.#closeTimer = this.#clock.setTimeout(() => {
        this.#closeTimer = undefined;
        this.#logger.debug(
          { timeoutMs: this.#options.closeTimeoutMs },
          'WebSocket close exceeded its bound; terminating the connection',
        );
        this.#terminate();
        this.#finishClose?.();
      }, this.#options.closeTimeoutMs);
    }
    return this.#closing;
  }

  #hold(message: WebSocketMessage): void {
    if (this.#held.length >= this.#options.heldMessageLimit) {
      this.#options.stats.messagesDropped++;
      if (!this.#warnedHeldOverflow) {
        this.#warnedHeldOverflow = true;
        this.#logger.warn(
          { limit: this.#options.heldMessageLimit },
          'too many messages before the pipeline started; dropping the newest',
        );
      }
      return;
    }
    this.#held.push(message);
  }

  readonly #onMessage = (event: WebSocketMessageEventLike): void => {
    if (this.#state === 'lost') return;
    this.#options.stats.messagesReceived++;
    let message: WebSocketMessage;
    try {
      message = messageDataOf(event.data);
    } catch (error) {
      if (this.#options.stats.countSkipped('unsupported-data')) {
        this.#logger.warn({ err: error }, 'skipping a WebSocket message of unsupported data type');
      }
      return;
    }
    const limiter = this.#options.inboundRateLimiter;
    if (limiter) {
      const size = typeof message === 'string' ? message.length : message.byteLength;
      if (!limiter.admit(size, this.#clock.now())) {
        this.#logger.warn(
          'the client sent above the inbound rate ceiling for longer than a burst; ending the call',
        );
        this.#lose('inbound-rate-exceeded');
        return;
      }
    }
    if (this.#consumer) this.#consumer(message);
    else this.#hold(message);
  };

  readonly #onClose = (event: WebSocketCloseEventLike): void => {
    if (this.#state === 'closing') {
      this.#finishClose?.();
    } else if (this.#state === 'open') {
      this.#logger.info(
        { code: event.code, reason: event.reason?.toString() },
        'the client closed the WebSocket',
      );
      this.#lose('remote-close');
    } else {
      this.#detach();
    }
  };

  readonly #onError = (event: unknown): void => {
    if (this.#state !== 'open') return;
    const error = (event as { error?: unknown; message?: unknown } | undefined)?.error ?? event;
    this.#logger.warn({ err: error }, 'WebSocket error; ending the call');
    this.#lose('error');
  };

  /**
   * Ends the connection because the peer broke a policy (e.g. sent no audio): closes with 1008 and
   * `detail`, bounded by `closeTimeoutMs`, and reports it as a loss (once), like any other.
   */
  endForPolicy(reason: 'no-audio' | 'inbound-rate-exceeded', detail: string): void {
    if (this.#state !== 'open') return;
    this.#logger.warn({ reason }, `${detail}; ending the call`);
    this.#lose(reason, detail);
  }

  #lose(reason: ConnectionLossReason, detail?: string): void {
    if (this.#state !== 'open') return;
    this.#state = 'lost';
    this.#lossReason = reason;
    this.callerHungUp = true;
    if (this.socket.readyState === WebSocketReadyState.CLOSED) {
      this.#detach();
    } else {
      if (POLICY_LOSS_REASONS.has(reason)) this.#closeForPolicy(detail ?? reason);
      else if (reason !== 'remote-close') this.#terminate();
      if (this.socket.readyState === WebSocketReadyState.CLOSED) this.#detach();
      else {
        // wait for the close event, bounded, so a late `error` still finds our listener
        this.#closeTimer = this.#clock.setTimeout(() => {
          this.#closeTimer = undefined;
          this.#terminate();
          this.#detach();
        }, this.#options.closeTimeoutMs);
      }
    }
    this.#options.onLoss(reason);
  }

  #closeForPolicy(detail: string): void {
    const reasonText = Buffer.byteLength(detail) <= 123 ? detail : detail.slice(0, 60);
    try {
      this.socket.close(POLICY_VIOLATION_CLOSE_CODE, reasonText);
    } catch (error) {
      this.#logger.debug({ err: error }, 'error while closing the WebSocket');
      this.#terminate();
    }
  }

  #terminate(): void {
    try {
      if (this.socket.terminate) this.socket.terminate();
      else this.socket.close();
    } catch (error) {
      this.#logger.debug({ err: error }, 'error while dropping the WebSocket');
    }
  }

  #detach(): void {
    if (this.#closeTimer !== undefined) {
      this.#clock.clearTimeout(this.#closeTimer);
      this.#closeTimer = undefined;
    }
    this.#held = [];
    if (!this.#attached) return;
    this.#attached = false;
    this.socket.removeEventListener('message', this.#onMessage);
    this.socket.removeEventListener('close', this.#onClose);
    this.socket.removeEventListener('error', this.#onError);
  }
}

function isHandOver(
  value: WebSocketMessageHandOver | Iterable<WebSocketMessage>,
): value is WebSocketMessageHandOver {
  return typeof (value as WebSocketMessageHandOver).takeMessages === 'function';
}
