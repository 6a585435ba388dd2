import { TypedEventEmitter } from '../events/typed-event-emitter.js';
import type { Logger } from '../logging/logger.js';
import {
  isOriginAllowed,
  ORIGIN_REJECTED_CLOSE_CODE,
  originOf,
  originRejectionReason,
  type RequestWithHeaders,
} from './origin.js';
import { TransportSession } from './transport-session.js';
import type { WebSocketTransportStats } from './transport-stats.js';
import type { ConnectionLossReason } from './websocket-connection.js';
import { WebSocketInputTransport } from './websocket-input-transport.js';
import type { WebSocketLike } from './websocket-like.js';
import type { WebSocketMessage, WebSocketMessageHandOver } from './websocket-message-buffer.js';
import { WebSocketOutputTransport } from './websocket-output-transport.js';
import {
  type ResolvedWebSocketTransportParams,
  resolveWebSocketTransportParams,
  type WebSocketTransportParams,
} from './websocket-transport-params.js';

/** Events of `WebSocketTransport`; every handler gets the transport and its socket. */
export type WebSocketTransportEvents = {
  /** The pipeline started with the client connected (fires once, at start). */
  clientConnected: [transport: WebSocketTransport, socket: WebSocketLike];
  /**
   * The client went away: it closed the socket, the connection failed or was reset, a send
   * failed, or it stopped reading. Fires exactly once per call, never for our own close; the
   * transport then ends the pipeline by itself.
   */
  clientDisconnected: [transport: WebSocketTransport, socket: WebSocketLike];
  /** `sessionTimeoutSecs` seconds passed since the pipeline started (fires once; the app decides). */
  sessionTimeout: [transport: WebSocketTransport, socket: WebSocketLike];
};

/** Per-connection options of `WebSocketTransport` (the third constructor argument). */
export interface WebSocketTransportOptions {
  /** Name of the input processor, for logs. Default `WebSocketInputTransport#n`. */
  inputName?: string;
  /** Name of the output processor, for logs. Default `WebSocketOutputTransport#n`. */
  outputName?: string;
  /**
   * The HTTP upgrade request. With a non-empty `allowedOrigins`, its `Origin` is checked: a refused
   * origin closes the socket with code 4003 and a reason naming it, and the pipeline ends at once
   * (no events fire). Prefer `rejectDisallowedOrigin` in the `upgrade` handler, before accepting.
   */
  request?: RequestWithHeaders;
  /**
   * Messages already read from the socket (e.g. by provider detection): a
   * `detectProvider`'s result (or any `takeMessages()` hand-over) or a list. They are processed
   * first, in order, before any message that arrives later.
   */
  initialMessages?: WebSocketMessageHandOver | Iterable<WebSocketMessage>;
  /** Logger for this call; default: the pipeline's logger. */
  logger?: Logger;
}

/**
 * Connects a WebSocket (a `ws` WebSocket, or any WHATWG-shaped one) to a pipeline: `input()`
 * turns messages into frames through the serializer (with optional VAD), `output()` sends bot
 * audio and messages back, paced at real time. The counterpart of Pipecat's
 * `FastAPIWebsocketTransport`.
 *
 * ```ts
 * const transport = new WebSocketTransport(socket, { serializer, vadAnalyzer: new EnergyVADAnalyzer() });
 * transport.on('clientDisconnected', () => console.log('caller left'));
 * const task = new PipelineTask(new Pipeline([transport.input(), bot, transport.output()]));
 * await new PipelineRunner().run(task);
 * ```
 *
 * Listeners are attached synchronously in the constructor: create the transport in the same tick
 * the socket is accepted (or hand earlier messages over with `initialMessages`).
 */
export class WebSocketTransport extends TypedEventEmitter<WebSocketTransportEvents> {
  readonly socket: WebSocketLike;
  readonly params: ResolvedWebSocketTransportParams;
  readonly #session: TransportSession;
  readonly #input: WebSocketInputTransport;
  readonly #output: WebSocketOutputTransport;
  readonly #originRejected: boolean;
  #connectedFired = false;
  #timeoutFired = false;

  /**
   * @throws RangeError naming a parameter with a bad value (before touching the socket).
   */
  constructor(
    socket: WebSocketLike,
    params: WebSocketTransportParams = {},
    options: WebSocketTransportOptions = {},
  ) {
    const resolved = resolveWebSocketTransportParams(params);
    const forwardingLogger: Logger = {
      debug: (fields, message) => session.logger.debug(fields, message),
      info: (fields, message) => session.logger.info(fields, message),
      warn: (fields, message) => session.logger.warn(fields, message),
      error: (fields, message) => session.logger.error(fields, message),
    };
    super({ logger: forwardingLogger });
    this.socket = socket;
    this.params = resolved;
    const session = new TransportSession(
      socket,
      resolved,
      { logger: options.logger, initialMessages: options.initialMessages },
      { onLoss: (reason) => this.#onLoss(reason) },
    );
    this.#session = session;
    const explicitLogger = options.logger !== undefined;
    this.#originRejected = this.#checkOrigin(options.request);
    this.#input = new WebSocketInputTransport(
      session,
      {
        clientConnected: () => this.#fireConnected(),
        sessionTimeout: () => this.#fireSessionTimeout(),
        originRejected: this.#originRejected,
        explicitLogger,
      },
      { name: options.inputName },
    );
    this.#output = new WebSocketOutputTransport(session, explicitLogger, {
      name: options.outputName,
    });
  }

  /** The input processor: put it first in the pipeline. */
  input(): WebSocketInputTransport {
    return this.#input;
  }

  /** The output processor: put it last in the pipeline. */
  output(): WebSocketOutputTransport {
    return this.#output;
  }

  /** Counters: messages received, skipped by kind, dropped, sent. */
  get stats(): WebSocketTransportStats {
    return this.#session.stats.snapshot();
  }

  /** True once the caller hung up (the connection was lost or the provider sent `stop`). */
  get callerHungUp(): boolean {
    return this.#session.connection.callerHungUp;
  }

  /** True when `options.request` carried an origin `allowedOrigins` refuses. */
  get originRejected(): boolean {
    return this.#originRejected;
  }

  /** Why the connection was lost, if it was. */
  get disconnectReason(): ConnectionLossReason | undefined {
    return this.#session.connection.lossReason;
  }

  /** True while the transport's listeners are attached to the socket. */
  get listening(): boolean {
    return this.#session.connection.listening;
  }

  /**
   * Closes the socket now (bounded by `wsCloseTimeoutMs`) and detaches from it, for a transport whose
   * pipeline never ran. A running pipeline closes the socket itself when it ends.
   */
  close(code = 1000, reason = 'closed'): Promise<void> {
    return this.#session.connection.close(code, reason);
  }

  #checkOrigin(request: RequestWithHeaders | undefined): boolean {
    const allowed = this.params.allowedOrigins;
    if (!request || allowed.length === 0) return false;
    const origin = originOf(request);
    if (isOriginAllowed(origin, allowed, { allowMissingOrigin: this.params.allowMissingOrigin })) {
      return false;
    }
    const reason = originRejectionReason(origin);
    this.#session.logger.warn({ origin }, reason);
    void this.#session.connection.close(ORIGIN_REJECTED_CLOSE_CODE, reason);
    return true;
  }

  #fireConnected(): void {
    if (this.#connectedFired) return;
    this.#connectedFired = true;
    void this.emit('clientConnected', this, this.socket);
  }

  #fireSessionTimeout(): void {
    if (this.#timeoutFired) return;
    this.#timeoutFired = true;
    void this.emit('sessionTimeout', this, this.socket);
  }

  #onLoss(reason: ConnectionLossReason): void {
    this.#session.logger.info({ reason }, 'client disconnected');
    void this.emit('clientDisconnected', this, this.socket);
  }
}
