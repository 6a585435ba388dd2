/** Delay before replacing the first worker that died, in milliseconds. */
export const FIRST_RESTART_DELAY_MS = 1_000;
/** Longest delay before replacing a worker, in milliseconds. */
export const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that served at least this long before dying was healthy: the delays start over. */
export const STABLE_UPTIME_MS = 60_000;

/** Options of `RestartBackoff`. */
export interface RestartBackoffOptions {
  /** Delay before the first replacement, in milliseconds. */
  firstDelayMs?: number;
  /** Longest delay, in milliseconds. */
  maxDelayMs?: number;
  /** Uptime, in milliseconds, after which a worker's death starts the delays over. */
  stableUptimeMs?: number;
}

/**
 * When to replace a worker that died, so a worker that keeps dying is never restarted in a
 * tight loop: the delay doubles with each death that follows a short life (1 s, 2 s, 4 s, … up
 * to 30 s) and starts over once a worker served for a minute.
 */
export class RestartBackoff {
  readonly #firstDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #stableUptimeMs: number;
  #shortLivesInARow = 0;

  constructor(options: RestartBackoffOptions = {}) {
    this.#firstDelayMs = options.firstDelayMs ?? FIRST_RESTART_DELAY_MS;
    this.#maxDelayMs = options.maxDelayMs ?? MAX_RESTART_DELAY_MS;
    this.#stableUptimeMs = options.stableUptimeMs ?? STABLE_UPTIME_MS;
  }

  /** The delay, in milliseconds, before replacing a worker that died after `uptimeMs`. */
  delayAfterDeathMs(uptimeMs: number): number {
    if (uptimeMs >= this.#stableUptimeMs) this.#shortLivesInARow = 0;
    const delayMs = Math.min(this.#maxDelayMs, this.#firstDelayMs * 2 ** this.#shortLivesInARow);
    this.#shortLivesInARow++;
    return delayMs;
  }
}
