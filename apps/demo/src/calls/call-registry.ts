/** A call in progress, as the server tracks it. */
export interface TrackedCall {
  /** Ends the call at once (server shutdown); resolves when it has finished. */
  cancel(reason: string): Promise<void>;
}

/** The calls in progress, so the server can count them and end them all when it stops. */
export class CallRegistry {
  readonly #calls = new Set<TrackedCall>();

  /** Calls in progress. */
  get size(): number {
    return this.#calls.size;
  }

  /** Tracks `call` until `done` settles. */
  track(call: TrackedCall, done: Promise<unknown>): void {
    this.#calls.add(call);
    const forget = () => this.#calls.delete(call);
    done.then(forget, forget);
  }

  /** Cancels every call in progress and waits for them. */
  async cancelAll(reason: string): Promise<void> {
    await Promise.allSettled([...this.#calls].map((call) => call.cancel(reason)));
  }
}
