import type {
  WebSocketCloseEventLike,
  WebSocketLike,
  WebSocketMessageEventLike,
} from '@x/transport-core';

type Listener = (event: never) => void;

/** A WHATWG-shaped socket in memory: `receive()` plays the provider's side. */
export class FakeSocket implements WebSocketLike {
  readyState = 1;
  readonly sent: (string | Uint8Array)[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();

  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }

  close(code = 1000, reason = ''): void {
    this.readyState = 3;
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

  /** Delivers a message as if the provider sent it. */
  receive(data: string): void {
    this.#dispatch('message', { data } satisfies WebSocketMessageEventLike);
  }

  #dispatch(type: string, event: unknown): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      (listener as (event: unknown) => void)(event);
    }
  }
}
