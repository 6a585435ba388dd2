import type {
  WebSocketCloseEventLike,
  WebSocketLike,
  WebSocketMessageEventLike,
} from '../transport/websocket-like.js';

type Listener = (event: never) => void;

/** An in-memory WHATWG-shaped socket for unit tests: `receive()` plays the remote side. */
export class FakeWebSocket implements WebSocketLike {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: (string | Uint8Array)[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();

  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.#dispatch('close', { code, reason });
  }

  addEventListener(type: string, listener: Listener): void {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.get(type)?.delete(listener);
  }

  /** Number of listeners attached for `type`. */
  listenerCount(type: string): number {
    return this.#listeners.get(type)?.size ?? 0;
  }

  /** Delivers a message as if the remote side sent it. */
  receive(data: unknown): void {
    this.#dispatch('message', { data } satisfies WebSocketMessageEventLike);
  }

  /** Closes as if the remote side closed. */
  remoteClose(code = 1000, reason = ''): void {
    this.readyState = 3;
    this.#dispatch('close', { code, reason } satisfies WebSocketCloseEventLike);
  }

  /** Fails as if the connection broke. */
  fail(error: Error): void {
    this.#dispatch('error', { error });
  }

  #dispatch(type: string, event: unknown): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      (listener as (event: unknown) => void)(event);
    }
  }
}
