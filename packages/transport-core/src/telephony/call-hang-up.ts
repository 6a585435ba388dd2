import { type Logger, silentLogger } from '../logging/logger.js';

/** A `fetch`-compatible function (inject one in tests). */
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

/** Default bound on one hang-up request, in milliseconds. */
export const DEFAULT_HANG_UP_TIMEOUT_MS = 5_000;

/** The REST request that hangs up a call. */
export interface HangUpRequest {
  /** Full URL, e.g. `https://api.twilio.com/2010-04-01/Accounts/AC…/Calls/CA….json`. */
  url: string;
  /** HTTP method. */
  method: 'POST' | 'DELETE';
  /** Request headers (authorization, content type). */
  headers: Record<string, string>;
  /** Request body, if any. */
  body?: string;
}

/** How a hang-up attempt ended. */
export type HangUpOutcome =
  /** The provider accepted the hang-up. */
  | 'hung-up'
  /** The provider says the call had already ended: success. */
  | 'already-ended'
  /** The provider refused (another status) or the request failed. */
  | 'failed'
  /** The request did not finish within the timeout. */
  | 'timeout'
  /**
   * Nothing was sent: a hang-up was already attempted for this call, auto hang-up is off, the
   * provider had already stopped the stream, or the stream could not prove it belongs to the call.
   */
  | 'skipped';

/** Options of `CallHangUp`. */
export interface CallHangUpOptions {
  /** The request to send. */
  request: HangUpRequest;
  /** Statuses that mean success. */
  successStatuses: readonly number[];
  /** Decides whether an unsuccessful answer means "the call had already ended". */
  isAlreadyEnded: (status: number, body: string) => boolean;
  /** `fetch` to use; default the global `fetch`. */
  fetch?: FetchFunction;
  /** Bound on the request, in milliseconds; default 5000. */
  timeoutMs?: number;
  /** Logger for the outcome. */
  logger?: Logger;
}

/**
 * Hangs a call up over the provider's REST API, at most once: the first `hangUp()` sends the
 * request, bounded by a timeout; later calls return `skipped` without sending. Never throws.
 */
export class CallHangUp {
  readonly #options: CallHangUpOptions;
  #attempt: Promise<HangUpOutcome> | undefined;

  constructor(options: CallHangUpOptions) {
    this.#options = options;
  }

  /** True once a hang-up has been attempted. */
  get attempted(): boolean {
    return this.#attempt !== undefined;
  }

  /** Sends the hang-up request the first time; resolves with its outcome. */
  hangUp(): Promise<HangUpOutcome> {
    if (this.#attempt) return Promise.resolve('skipped');
    this.#attempt = this.#send();
    return this.#attempt;
  }

  async #send(): Promise<HangUpOutcome> {
    const { request, successStatuses, isAlreadyEnded } = this.#options;
    const logger = this.#options.logger ?? silentLogger;
    const fetchFunction = this.#options.fetch ?? (globalThis.fetch as FetchFunction);
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_HANG_UP_TIMEOUT_MS;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    timer.unref?.();
    try {
      const init: RequestInit = {
        method: request.method,
        headers: request.headers,
        signal: abort.signal,
      };
      if (request.body !== undefined) init.body = request.body;
      const response = await fetchFunction(request.url, init);
      const body = await response.text();
      if (successStatuses.includes(response.status)) {
        logger.info({ status: response.status }, 'call hung up');
        return 'hung-up';
      }
      if (isAlreadyEnded(response.status, body)) {
        logger.debug({ status: response.status }, 'call had already ended');
        return 'already-ended';
      }
      logger.error(
        { status: response.status, body: body.slice(0, 500) },
        'hang-up request refused by the provider',
      );
      return 'failed';
    } catch (error) {
      if (abort.signal.aborted) {
        logger.error({ timeoutMs }, 'hang-up request timed out');
        return 'timeout';
      }
      logger.error({ err: error }, 'hang-up request failed');
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }
}
