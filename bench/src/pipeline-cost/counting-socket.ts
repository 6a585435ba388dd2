import type {
  WebSocketCloseEventLike,
  WebSocketLike,
  WebSocketMessageEventLike,
} from '@x/transport-core';

/** `WebSocketLike.readyState` of an open and of a closed socket. */
const OPEN = 1;
const CLOSED = 3;
/** Close code of a normal closure. */
const NORMAL_CLOSURE = 1000;
/** Text only a Twilio `clear` message among the messages a call sends contains. */
const CLEAR_EVENT_TEXT = '"clear"';

/** Messages the sockets of one phase sent, all calls together. */
export class SendTally {
  messages = 0;
  clears = 0;
}

type MessageListener = (event: WebSocketMessageEventLike) => void;
type CloseListener = (event: WebSocketCloseEventLike) => void;
type ErrorListener = (event: unknown) => void;

/**
 * A socket without a network: what a call sends is only counted (into a tally shared by the
 * phase's calls), and `deliver` hands a message to the listeners as a `ws` socket would.
 */
export class CountingSocket implements WebSocketLike {
  readyState = OPEN;
  readonly bufferedAmount = 0;
  readonly #tally: SendTally;
  #messageListeners: MessageListener[] = [];
  #closeListeners: CloseListener[] = [];
  #errorListeners: ErrorListener[] = [];

  constructor(tally: SendTally) {
    this.#tally = tally;
  }

  /** Hands `data` to every message listener, as a text frame. */
  deliver(data: string): void {
    const event: WebSocketMessageEventLike = { data };
    for (const listener of this.#messageListeners) listener(event);
  }

  send(data: string | Uint8Array): void {
    this.#tally.messages++;
    if (typeof data === 'string' && data.includes(CLEAR_EVENT_TEXT)) this.#tally.clears++;
  }

  close(code = NORMAL_CLOSURE, reason = ''): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    for (const listener of [...this.#closeListeners]) listener({ code, reason });
  }

  terminate(): void {
    this.close();
  }

  addEventListener(type: 'message', listener: MessageListener): void;
  addEventListener(type: 'close', listener: CloseListener): void;
  addEventListener(type: 'error', listener: ErrorListener): void;
  addEventListener(
    type: 'message' | 'close' | 'error',
    listener: MessageListener | CloseListener | ErrorListener,
  ): void {
    if (type === 'message') this.#messageListeners.push(listener as MessageListener);
    else if (type === 'close') this.#closeListeners.push(listener as CloseListener);
    else this.#errorListeners.push(listener as ErrorListener);
  }

  removeEventListener(type: 'message', listener: MessageListener): void;
  removeEventListener(type: 'close', listener: CloseListener): void;
  removeEventListener(type: 'error', listener: ErrorListener): void;
  removeEventListener(
    type: 'message' | 'close' | 'error',
    listener: MessageListener | CloseListener | ErrorListener,
  ): void {
    if (type === 'message') {
      this.#messageListeners = this.#messageListeners.filter((other) => other !== listener);
    } else if (type === 'close') {
      this.#closeListeners = this.#closeListeners.filter((other) => other !== listener);
    } else {
      this.#errorListeners = this.#errorListeners.filter((other) => other !== listener);
    }
  }
}
