import { DEFAULT_HANG_UP_TIMEOUT_MS, type FetchFunction } from '../telephony/call-hang-up.js';
import {
  DEFAULT_CALL_TOKEN_TTL_SECONDS,
  MIN_CALL_TOKEN_SECRET_BYTES,
} from '../telephony/call-token.js';
import { checkApiBaseUrl } from '../telephony/url-checks.js';
import type { TelephonyProviderCommonSettings } from './telephony-provider.js';

/** Environment variable with the call-token secret every provider factory falls back to. */
export const STREAM_TOKEN_SECRET_VARIABLE = 'STREAM_TOKEN_SECRET';

/** Where unset provider settings are read from (`process.env` by default). */
export type ProviderEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * A provider factory's common settings, checked, with the defaults applied, and a reader for its
 * own settings: an explicit value wins, else the documented environment variable.
 */
export interface ResolvedProviderSettings {
  /** `callTokenSecret`, else `STREAM_TOKEN_SECRET`; undefined when neither is set. */
  readonly callTokenSecret: string | Uint8Array | undefined;
  /** Lifetime of a call token, in seconds. */
  readonly callTokenTtlSecs: number;
  /** Bound on a REST hang-up, in milliseconds. */
  readonly hangUpTimeoutMs: number;
  /** `fetch` for REST requests; undefined: the global one. */
  readonly fetch: FetchFunction | undefined;
  /** Wall-clock time in milliseconds since the epoch. */
  readonly now: () => number;
  /**
   * A text setting: `value` when defined (it must not be empty), else the environment variable,
   * trimmed (empty counts as unset).
   * @throws RangeError for an explicit empty value.
   */
  text(value: string | undefined, field: string, variable: string): string | undefined;
  /**
   * A URL setting, read like `text`, that must be an absolute `http://` or `https://` URL;
   * trailing slashes are dropped.
   * @throws RangeError naming the setting (or its variable) and the value otherwise.
   */
  httpUrl(value: string | undefined, field: string, variable: string): string | undefined;
}

/** Where a setting's value came from, for messages: the field, or the environment variable. */
function sourceOf(field: string, variable: string, fromEnvironment: boolean): string {
  return fromEnvironment ? variable : `settings.${field} (default ${variable})`;
}

function secretByteLength(secret: string | Uint8Array): number {
  return typeof secret === 'string' ? Buffer.byteLength(secret, 'utf8') : secret.byteLength;
}

/**
 * Checks a factory's common settings and applies their defaults; `owner` (e.g. `createTwilio`)
 * starts every error message. Every problem is a `RangeError` at construction, never at the
 * first call.
 * @throws RangeError for a call-token secret under 32 bytes (explicit or `STREAM_TOKEN_SECRET`),
 * a token lifetime that is not a positive whole number of seconds, or a hang-up bound that is
 * not a positive number of milliseconds.
 */
export function resolveProviderSettings(
  owner: string,
  settings: TelephonyProviderCommonSettings,
): ResolvedProviderSettings {
  const environment: ProviderEnvironment = settings.env ?? process.env;
  const fromEnvironment = (variable: string): string | undefined => {
    const value = environment[variable]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const text = (value: string | undefined, field: string, variable: string) => {
    if (value === undefined) return fromEnvironment(variable);
    if (typeof value !== 'string' || value.trim() === '') {
      throw new RangeError(
        `${owner}: settings.${field} must be a non-empty string; leave it undefined to read ${variable}`,
      );
    }
    return value;
  };

  const explicitSecret = settings.callTokenSecret;
  const callTokenSecret =
    explicitSecret !== undefined ? explicitSecret : fromEnvironment(STREAM_TOKEN_SECRET_VARIABLE);
  if (callTokenSecret !== undefined) {
    if (typeof callTokenSecret !== 'string' && !(callTokenSecret instanceof Uint8Array)) {
      throw new RangeError(`${owner}: settings.callTokenSecret must be a string or a Uint8Array`);
    }
    const bytes = secretByteLength(callTokenSecret);
    if (bytes < MIN_CALL_TOKEN_SECRET_BYTES) {
      const source = sourceOf(
        'callTokenSecret',
        STREAM_TOKEN_SECRET_VARIABLE,
        explicitSecret === undefined,
      );
      throw new RangeError(
        `${owner}: ${source} must be at least ${MIN_CALL_TOKEN_SECRET_BYTES} bytes, got ${bytes} ` +
          '(generate one with: openssl rand -hex 32)',
      );
    }
  }
  const callTokenTtlSecs = settings.callTokenTtlSecs ?? DEFAULT_CALL_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(callTokenTtlSecs) || callTokenTtlSecs <= 0) {
    throw new RangeError(
      `${owner}: settings.callTokenTtlSecs must be a positive whole number of seconds, got ${callTokenTtlSecs}`,
    );
  }
  const hangUpTimeoutMs = settings.hangUpTimeoutMs ?? DEFAULT_HANG_UP_TIMEOUT_MS;
  if (!Number.isFinite(hangUpTimeoutMs) || hangUpTimeoutMs <= 0) {
    throw new RangeError(
      `${owner}: settings.hangUpTimeoutMs must be a positive number of milliseconds, got ${hangUpTimeoutMs}`,
    );
  }

  return {
    callTokenSecret,
    callTokenTtlSecs,
    hangUpTimeoutMs,
    fetch: settings.fetch,
    now: settings.now ?? Date.now,
    text,
    httpUrl(value, field, variable) {
      const url = text(value, field, variable);
      if (url === undefined) return undefined;
      try {
        return checkApiBaseUrl(url, sourceOf(field, variable, value === undefined));
      } catch (error) {
        throw new RangeError(`${owner}: ${(error as Error).message}`);
      }
    },
  };
}
