/** A call in progress, as the server tracks it. */
export interface TrackedCall {
  /** Ends the call the normal way: the bot says goodbye, hangs up (bounded) and closes. */
  end(reason: string): void;
  /** Ends the call at once; resolves when it has finished. */
  cancel(reason: string): Promise<void>;
}

/**
 * The calls in progress, so the server can count them, wait for them, and end them all when it
 * stops: first the normal way (`endAll`), then at once (`cancelAll`) for any that outlast it.
 */
export class CallRegistry {
  readonly #calls = new Set<TrackedCall>();
  readonly #emptyWaiters: (() => void)[] = [];
  #endingReason: string | undefined;

  /** Calls in progress. */
  get size(): number {
    return this.#calls.size;
  }

  /**
   * Tracks `call` until `done` settles. After `endAll`, a call that starts anyway (its stream was
   * accepted before) is ended at once, the normal way.
   */
  track(call: TrackedCall, done: Promise<unknown>): void {
    this.#calls.add(call);
    const forget = () => {
      this.#calls.delete(call);
      if (this.#calls.size === 0) {
        for (const wake of this.#emptyWaiters.splice(0)) wake();
      }
    };
    done.then(forget, forget);
    if (this.#endingReason !== undefined) call.end(this.#endingReason);
  }

  /** Resolves once no call is in progress. */
  whenEmpty(): Promise<void> {
    if (this.#calls.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#emptyWaiters.push(resolve));
  }

  /** Ends every call in progress, and every call that starts from now on, the normal way. */
  endAll(reason: string): void {
    this.#endingReason = reason;
    for (const call of [...this.#calls]) call.end(reason);
  }

  /** Cancels every call in progress and waits for them. */
  async cancelAll(reason: string): Promise<void> {
    await Promise.allSettled([...this.#calls].map((call) => call.cancel(reason)));
  }
}
