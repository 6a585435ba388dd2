/** Default bound on the keys a `ReplayGuard` remembers at once. */
export const DEFAULT_REPLAY_GUARD_MAX_ENTRIES = 100_000;

/** Options of `ReplayGuard`. */
export interface ReplayGuardOptions {
  /** How long a used key is remembered, in milliseconds (at least the signature's validity). */
  windowMs: number;
  /** Most keys remembered at once; when full, the oldest is forgotten. Default 100 000. */
  maxEntries?: number;
  /** Time in milliseconds (only differences matter); default `performance.now`. */
  now?: () => number;
}

/** Defaults of `ReplayGuardOptions`. */
export const DEFAULT_REPLAY_GUARD_OPTIONS = Object.freeze({
  maxEntries: DEFAULT_REPLAY_GUARD_MAX_ENTRIES,
  now: () => performance.now(),
});

/**
 * Remembers single-use keys (a signature's nonce, a timestamp and signature pair) for a window,
 * so that a captured request cannot be replayed while its signature is still valid.
 *
 * Memory is bounded: at most `maxEntries` keys are kept. When a new key arrives and the guard is
 * full, the oldest key is forgotten before its window ends, so that key could then be replayed;
 * `evictions` counts these (watch it: a non-zero count means the bound is too small for the
 * traffic, or someone is flooding the guard). Keys expire in the order they were added (one
 * window for all), so `firstUse` costs O(1) amortised. One process only: servers behind a load
 * balancer each keep their own memory.
 */
export class ReplayGuard {
  readonly #windowMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** Key → time it may be used again, in insertion (and so expiry) order. */
  readonly #expiries = new Map<string, number>();
  #evictions = 0;

  /** @throws RangeError for a window that is not positive or a bound that is not a positive integer. */
  constructor(options: ReplayGuardOptions) {
    if (!(options.windowMs > 0) || !Number.isFinite(options.windowMs)) {
      throw new RangeError(`windowMs must be a positive number, got ${options.windowMs}`);
    }
    const maxEntries = options.maxEntries ?? DEFAULT_REPLAY_GUARD_OPTIONS.maxEntries;
    if (!Number.isSafeInteger(maxEntries) || maxEntries <= 0) {
      throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    this.#windowMs = options.windowMs;
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? DEFAULT_REPLAY_GUARD_OPTIONS.now;
  }

  /** How long a used key is remembered, in milliseconds. */
  get windowMs(): number {
    return this.#windowMs;
  }

  /** Keys remembered now (expired ones are dropped as later keys arrive). */
  get size(): number {
    return this.#expiries.size;
  }

  /** Keys forgotten before their window ended because the guard was full. */
  get evictions(): number {
    return this.#evictions;
  }

  /**
   * True the first time `key` is seen within the window (and remembers it); false when it was
   * already used less than `windowMs` ago (a replay).
   */
  firstUse(key: string): boolean {
    const now = this.#now();
    this.#forgetExpired(now);
    const usableAgainAt = this.#expiries.get(key);
    if (usableAgainAt !== undefined) {
      if (now < usableAgainAt) return false;
      this.#expiries.delete(key); // expired out of order (the clock went back): renew below
    }
    if (this.#expiries.size >= this.#maxEntries) {
      const oldest = this.#expiries.keys().next().value as string;
      this.#expiries.delete(oldest);
      this.#evictions++;
    }
    this.#expiries.set(key, now + this.#windowMs);
    return true;
  }

  #forgetExpired(now: number): void {
    for (const [key, usableAgainAt] of this.#expiries) {
      if (now < usableAgainAt) return;
      this.#expiries.delete(key);
    }
  }
}
