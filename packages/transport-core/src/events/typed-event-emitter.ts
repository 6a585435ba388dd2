import { type Logger, silentLogger } from '../logging/logger.js';

/** Event name → handler arguments. */
export type EventMap = Record<string, unknown[]>;

/** A handler; it may be async. Its errors are caught and reported, never thrown to the emitter. */
export type EventHandler<Args extends unknown[]> = (...args: Args) => void | Promise<void>;

type StoredHandler = ((...args: unknown[]) => void | Promise<void>) & {
  /** For a `once` wrapper: the handler it wraps, so `off(event, handler)` finds it. */
  listener?: unknown;
};

/** Options of `TypedEventEmitter`. */
export interface TypedEventEmitterOptions {
  /** Where handler errors are logged. */
  logger?: Logger;
  /** Called with each error a handler throws or rejects with. */
  onHandlerError?: (event: string, error: unknown) => void;
}

/**
 * A small typed event emitter. `emit` calls every handler, catching synchronous throws and
 * async rejections: one failing handler neither stops the others nor reaches the caller.
 * `emit` returns a promise that settles when every handler has (never rejects).
 */
export class TypedEventEmitter<Events extends EventMap> {
  #handlers = new Map<keyof Events, StoredHandler[]>();
  #logger: Logger;
  #onHandlerError: ((event: string, error: unknown) => void) | undefined;

  constructor(options: TypedEventEmitterOptions = {}) {
    this.#logger = options.logger ?? silentLogger;
    this.#onHandlerError = options.onHandlerError;
  }

  /** Adds `handler` for `event`; returns a function that removes it. */
  on<E extends keyof Events>(event: E, handler: EventHandler<Events[E]>): () => void {
    const list = this.#handlers.get(event) ?? [];
    list.push(handler as unknown as StoredHandler);
    this.#handlers.set(event, list);
    return () => this.off(event, handler);
  }

  /** Adds `handler` for the next `event` only; `off(event, handler)` removes it too. */
  once<E extends keyof Events>(event: E, handler: EventHandler<Events[E]>): () => void {
    const wrapper: EventHandler<Events[E]> & { listener?: unknown } = (...args) => {
      this.off(event, wrapper);
      return handler(...args);
    };
    wrapper.listener = handler;
    return this.on(event, wrapper);
  }

  /** Removes `handler` (added with `on` or `once`) from `event`; the latest added goes first. */
  off<E extends keyof Events>(event: E, handler: EventHandler<Events[E]>): void {
    const list = this.#handlers.get(event);
    if (!list) return;
    for (let index = list.length - 1; index >= 0; index--) {
      const stored = list[index] as StoredHandler;
      if (stored === (handler as unknown) || stored.listener === handler) {
        list.splice(index, 1);
        break;
      }
    }
    if (list.length === 0) this.#handlers.delete(event);
  }

  /** Number of handlers registered for `event`. */
  listenerCount(event: keyof Events): number {
    return this.#handlers.get(event)?.length ?? 0;
  }

  /** Removes every handler of every event. */
  removeAllListeners(): void {
    this.#handlers.clear();
  }

  /** Calls every handler of `event` with `args`; resolves when all have settled. */
  emit<E extends keyof Events>(event: E, ...args: Events[E]): Promise<void> {
    const list = this.#handlers.get(event);
    if (!list || list.length === 0) return Promise.resolve();
    const pending: Promise<void>[] = [];
    for (const handler of [...list]) {
      try {
        const result = (handler as unknown as EventHandler<Events[E]>)(...args);
        if (result && typeof (result as Promise<void>).then === 'function') {
          pending.push(
            (result as Promise<void>).then(undefined, (error: unknown) =>
              this.#report(String(event), error),
            ),
          );
        }
      } catch (error) {
        this.#report(String(event), error);
      }
    }
    return pending.length === 0 ? Promise.resolve() : Promise.all(pending).then(() => undefined);
  }

  #report(event: string, error: unknown): void {
    // A failing logger or error reporter must not break the emitter either.
    try {
      this.#logger.error({ event, err: error }, `error in "${event}" event handler`);
    } catch {}
    try {
      this.#onHandlerError?.(event, error);
    } catch {}
  }
}
