/** A WHATWG-shaped WebSocket in memory, for driving transports and detection without a network. */
import type {
  WebSocketCloseEventLike,
  WebSocketLike,
  WebSocketMessageEventLike,
} from '@x/transport-core';
import type { WireMessage } from './fuzzed-message.js';

type Listener = (event: never) => void;

/** WebSocket `readyState` of an open socket. */
const OPEN = 1;
/** WebSocket `readyState` of a closed socket. */
const CLOSED = 3;

/** A WHATWG-shaped socket in memory: `receive()` plays the provider's side. */
export class InMemorySocket implements WebSocketLike {
  readyState = OPEN;
  bufferedAmount = 0;
  /** What was sent on the socket, in order. */
  readonly sent: WireMessage[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();

  send(data: WireMessage): void {
    this.sent.push(data);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.#dispatch('close', { code, reason } satisfies WebSocketCloseEventLike);
  }

  addEventListener(type: string, listener: Listener): void {
    let listeners = this.#listeners.get(type);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(type, listeners);
    }
    listeners.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.get(type)?.delete(listener);
  }

  /** Listeners attached for `type`. */
  listenerCount(type: string): number {
    return this.#listeners.get(type)?.size ?? 0;
  }

  /** Delivers a message as if the provider sent it; a listener's exception reaches the caller. */
  receive(data: WireMessage): void {
    this.#dispatch('message', { data } satisfies WebSocketMessageEventLike);
  }

  #dispatch(type: string, event: unknown): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      (listener as (event: unknown) => void)(event);
    }
  }
}
