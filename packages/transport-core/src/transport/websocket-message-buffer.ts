import {
  messageDataOf,
  type WebSocketLike,
  type WebSocketMessageEventLike,
} from './websocket-like.js';

/** One inbound WebSocket message: text, or bytes for a binary message. */
export type WebSocketMessage = string | Uint8Array;

/**
 * Hands messages already read from a socket over to the `WebSocketTransport`, so nothing is lost
 * between a step that reads the first messages (e.g. provider detection) and the transport.
 */
export interface WebSocketMessageHandOver {
  /**
   * Returns every message read so far, in arrival order, and stops listening, synchronously: the
   * transport attaches its own listeners first, then calls this in the same tick.
   */
  takeMessages(): readonly WebSocketMessage[];
}

/** Options of `WebSocketMessageBuffer`. */
export interface WebSocketMessageBufferOptions {
  /** Most messages kept; later ones are dropped and counted in `droppedMessages`. Default 64. */
  maxMessages?: number;
}

/** Default of `WebSocketMessageBufferOptions.maxMessages`. */
export const DEFAULT_MESSAGE_BUFFER_LIMIT = 64;

/**
 * Listens to a socket from the moment it is created and keeps every message, so code can look at
 * the first messages (await `message(0)`, `message(1)`, ...) before building the transport, then
 * pass the buffer as `initialMessages`: the transport takes all of them, in order, including
 * those that arrived meanwhile.
 *
 * ```ts
 * const buffer = new WebSocketMessageBuffer(socket);
 * const first = await buffer.message(0);
 * const transport = new WebSocketTransport(socket, params, { initialMessages: buffer });
 * ```
 */
export class WebSocketMessageBuffer implements WebSocketMessageHandOver {
  readonly #socket: WebSocketLike;
  readonly #maxMessages: number;
  #messages: WebSocketMessage[] = [];
  #droppedMessages = 0;
  #ended = false;
  #taken = false;
  #waiters: { index: number; resolve: (message: WebSocketMessage | undefined) => void }[] = [];

  constructor(socket: WebSocketLike, options: WebSocketMessageBufferOptions = {}) {
    const maxMessages = options.maxMessages ?? DEFAULT_MESSAGE_BUFFER_LIMIT;
    if (!Number.isInteger(maxMessages) || maxMessages < 1) {
      throw new RangeError(`maxMessages must be an integer ≥ 1, got ${maxMessages}`);
    }
    this.#socket = socket;
    this.#maxMessages = maxMessages;
    socket.addEventListener('message', this.#onMessage);
    socket.addEventListener('close', this.#onEnd);
    socket.addEventListener('error', this.#onEnd);
  }

  /** The messages kept so far. */
  get messages(): readonly WebSocketMessage[] {
    return this.#messages;
  }

  /** Messages dropped because the buffer was full. */
  get droppedMessages(): number {
    return this.#droppedMessages;
  }

  /** True once the socket closed or failed (no more messages will come). */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Resolves with message number `index` (0 = first) once it has arrived, or with `undefined` when
   * the socket closes or fails first, or the messages are taken. Race it with a timer to bound it.
   */
  message(index: number): Promise<WebSocketMessage | undefined> {
    const message = this.#messages[index];
    if (message !== undefined) return Promise.resolve(message);
    if (this.#ended || this.#taken) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push({ index, resolve }));
  }

  takeMessages(): readonly WebSocketMessage[] {
    if (!this.#taken) {
      this.#taken = true;
      this.#detach();
      this.#settleWaiters();
    }
    const messages = this.#messages;
    this.#messages = [];
    return messages;
  }

  readonly #onMessage = (event: WebSocketMessageEventLike): void => {
    let data: WebSocketMessage;
    try {
      data = messageDataOf(event.data);
    } catch {
      this.#droppedMessages++;
      return;
    }
    if (this.#messages.length >= this.#maxMessages) {
      this.#droppedMessages++;
      return;
    }
    this.#messages.push(data);
    const index = this.#messages.length - 1;
    const waiting = this.#waiters.filter((waiter) => waiter.index === index);
    if (waiting.length === 0) return;
    this.#waiters = this.#waiters.filter((waiter) => waiter.index !== index);
    for (const waiter of waiting) waiter.resolve(data);
  };

  readonly #onEnd = (): void => {
    this.#ended = true;
    this.#settleWaiters();
  };

  #settleWaiters(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve(this.#messages[waiter.index]);
  }

  #detach(): void {
    this.#socket.removeEventListener('message', this.#onMessage);
    this.#socket.removeEventListener('close', this.#onEnd);
    this.#socket.removeEventListener('error', this.#onEnd);
  }
}
