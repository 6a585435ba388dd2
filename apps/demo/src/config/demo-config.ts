import { availableParallelism } from 'node:os';
import type { LogLevel } from '@x/transport-core';
import { parseRecordDir } from './record-dir-setting.js';
import { parseServerLimits, SERVER_LIMIT_VARIABLES, type ServerLimits } from './server-limits.js';
import {
  ECHO_BOT_VAD_PARAMS,
  parseVADSetting,
  type VADEngineName,
  type VADSetting,
} from './vad-setting.js';
import { parseWorkers } from './workers-setting.js';

/** Port the demo listens on when `PORT` is not set. */
export const DEFAULT_PORT = 8765;
/** Interface the demo listens on when `HOST` is not set: this machine only (tunnels work). */
export const DEFAULT_HOST = '127.0.0.1';
/** Longest call, in seconds, when `SESSION_TIMEOUT` is not set. */
export const DEFAULT_SESSION_TIMEOUT_SECS = 600;
/** VAD engine when `VAD` is not set: Silero, which hears callers and not tones or music. */
export const DEFAULT_VAD_ENGINE: VADEngineName = 'silero';
/** Log level when `LOG_LEVEL` is not set. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
/** Shortest `STREAM_TOKEN_SECRET`, in characters (256 bits of hex or base64 are 43–64). */
export const MIN_STREAM_TOKEN_SECRET_LENGTH = 32;

/** Twilio settings; every field is optional. */
export interface TwilioSettings {
  /** `TWILIO_ACCOUNT_SID`: with the auth token, turns on hang-up over the REST API. */
  accountSid: string | undefined;
  /** `TWILIO_AUTH_TOKEN`: turns on `X-Twilio-Signature` checks (and hang-up with the SID). */
  authToken: string | undefined;
  /** `TWILIO_API_BASE_URL`: REST API base URL, e.g. a local fake in tests. */
  apiBaseUrl: string | undefined;
}

/** Telnyx settings; every field is optional. */
export interface TelnyxSettings {
  /** `TELNYX_API_KEY`: turns on hang-up over the Call Control API. */
  apiKey: string | undefined;
  /** `TELNYX_PUBLIC_KEY`: base64 Ed25519 key; turns on webhook signature checks. */
  publicKey: string | undefined;
  /** `TELNYX_STREAM_AUTH_TOKEN`: the `stream_auth_token`; required on the WebSocket upgrade. */
  streamAuthToken: string | undefined;
  /** `TELNYX_API_BASE_URL`: REST API base URL, e.g. a local fake in tests. */
  apiBaseUrl: string | undefined;
}

/** Plivo settings; every field is optional. */
export interface PlivoSettings {
  /** `PLIVO_AUTH_ID`: with the auth token, turns on hang-up over the REST API. */
  authId: string | undefined;
  /** `PLIVO_AUTH_TOKEN`: turns on V3 signature checks (and hang-up with the auth id). */
  authToken: string | undefined;
  /** `PLIVO_API_BASE_URL`: REST API base URL, e.g. a local fake in tests. */
  apiBaseUrl: string | undefined;
}

/** The demo's configuration, read from the environment by `loadDemoConfig`. */
export interface DemoConfig {
  /** `PORT`: TCP port; 0 picks a free one. */
  port: number;
  /** `HOST`: interface to listen on. */
  host: string;
  /** `WORKERS`: processes serving calls on the same port; 1 is one process, no cluster. */
  workers: number;
  /** `PUBLIC_URL`: the server's public base URL (a tunnel), without a trailing slash. */
  publicUrl: string | undefined;
  /** `TRUST_PROXY`: believe `X-Forwarded-Proto`, `-Host` and `-For` (only behind your own proxy). */
  trustProxy: boolean;
  /** `ALLOWED_ORIGINS`: origins the softphone may be opened from; `undefined`: this server's own. */
  allowedOrigins: readonly string[] | undefined;
  /** `STREAM_TOKEN_SECRET`: key of the call tokens; `undefined`: derived from each provider's secret. */
  streamTokenSecret: string | undefined;
  /** Connection, rate, deadline and drain limits. */
  limits: ServerLimits;
  /** `SESSION_TIMEOUT`: longest call in seconds; `undefined` when turned off with `0`. */
  sessionTimeoutSecs: number | undefined;
  /** `VAD`: the voice activity detector and its thresholds. */
  vad: VADSetting;
  /** `LOG_LEVEL`: `debug`, `info`, `warn`, `error` or `silent`. */
  logLevel: LogLevel;
  /** `RECORD_DIR`: absolute path of the folder each call is recorded to; `undefined`: no recording. */
  recordDir: string | undefined;
  /** `HOLD_MUSIC`: the bot "thinks" with hold music playing before each echo. */
  holdMusic: boolean;
  /** `NOISE_FILTER`: RNNoise noise suppression on caller audio, before the VAD and the bot. */
  noiseFilter: boolean;
  /** Twilio credentials and API base URL. */
  twilio: TwilioSettings;
  /** Telnyx credentials and API base URL. */
  telnyx: TelnyxSettings;
  /** Plivo credentials and API base URL. */
  plivo: PlivoSettings;
}

/** Every environment variable the demo reads, in the order the README documents them. */
export const DEMO_ENVIRONMENT_VARIABLES = [
  'PORT',
  'HOST',
  'WORKERS',
  'PUBLIC_URL',
  'TRUST_PROXY',
  'ALLOWED_ORIGINS',
  'STREAM_TOKEN_SECRET',
  ...Object.values(SERVER_LIMIT_VARIABLES),
  'SESSION_TIMEOUT',
  'VAD',
  'LOG_LEVEL',
  'RECORD_DIR',
  'HOLD_MUSIC',
  'NOISE_FILTER',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_API_BASE_URL',
  'TELNYX_API_KEY',
  'TELNYX_PUBLIC_KEY',
  'TELNYX_STREAM_AUTH_TOKEN',
  'TELNYX_API_BASE_URL',
  'PLIVO_AUTH_ID',
  'PLIVO_AUTH_TOKEN',
  'PLIVO_API_BASE_URL',
] as const;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const TWILIO_ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;
const ED25519_PUBLIC_KEY_BYTES = 32;

/** The environment had settings the demo cannot use; `problems` lists each one. */
export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** A configuration and the warnings worth printing at startup (settings that do less than meant). */
export interface LoadedDemoConfig {
  /** The configuration. */
  config: DemoConfig;
  /** Advice about settings that are valid but probably not what was meant. */
  warnings: string[];
}

type Environment = Readonly<Record<string, string | undefined>>;

/** What `loadDemoConfig` asks of the machine. */
export interface DemoConfigSystem {
  /** The CPUs this process may use, for `WORKERS=auto`; default `os.availableParallelism`. */
  availableParallelism?: () => number;
}

/**
 * Reads the demo's configuration from environment variables (see `DEMO_ENVIRONMENT_VARIABLES`).
 * Empty values count as unset. Every problem is collected, so one run shows them all.
 * @throws DemoConfigError listing every invalid setting, each naming the variable and its value.
 */
export function loadDemoConfig(
  environment: Environment,
  system: DemoConfigSystem = {},
): LoadedDemoConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  const read = (name: (typeof DEMO_ENVIRONMENT_VARIABLES)[number]): string | undefined => {
    const value = environment[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const port = parsePort(read('PORT'), problems);
  const host = read('HOST') ?? DEFAULT_HOST;
  const workers = parseWorkers(
    read('WORKERS'),
    problems,
    system.availableParallelism ?? availableParallelism,
  );
  const publicUrl = parsePublicUrl(read('PUBLIC_URL'), problems, warnings);
  const trustProxy = parseBoolean('TRUST_PROXY', read('TRUST_PROXY'), problems);
  const allowedOrigins = parseAllowedOrigins(read('ALLOWED_ORIGINS'), problems);
  const streamTokenSecret = read('STREAM_TOKEN_SECRET');
  if (
    streamTokenSecret !== undefined &&
    streamTokenSecret.length < MIN_STREAM_TOKEN_SECRET_LENGTH
  ) {
    problems.push(
      `STREAM_TOKEN_SECRET must be at least ${MIN_STREAM_TOKEN_SECRET_LENGTH} characters (got ${streamTokenSecret.length}); e.g. openssl rand -hex 32`,
    );
  }
  const limits = parseServerLimits(read, problems);
  const sessionTimeoutSecs = parseSessionTimeout(read('SESSION_TIMEOUT'), problems);
  const vad = parseVAD(read('VAD'), problems);
  const logLevel = parseLogLevel(read('LOG_LEVEL'), problems);
  const recordDir = parseRecordDir(read('RECORD_DIR'), problems);
  const holdMusic = parseBoolean('HOLD_MUSIC', read('HOLD_MUSIC'), problems);
  const noiseFilter = parseBoolean('NOISE_FILTER', read('NOISE_FILTER'), problems);

  const twilio: TwilioSettings = {
    accountSid: read('TWILIO_ACCOUNT_SID'),
    authToken: read('TWILIO_AUTH_TOKEN'),
    apiBaseUrl: parseApiBaseUrl('TWILIO_API_BASE_URL', read('TWILIO_API_BASE_URL'), problems),
  };
  if (twilio.accountSid !== undefined && !TWILIO_ACCOUNT_SID_PATTERN.test(twilio.accountSid)) {
    problems.push(
      `TWILIO_ACCOUNT_SID must be "AC" followed by 32 hex digits (got ${JSON.stringify(twilio.accountSid)}); find it on the Twilio Console home page`,
    );
  }
  const telnyx: TelnyxSettings = {
    apiKey: read('TELNYX_API_KEY'),
    publicKey: read('TELNYX_PUBLIC_KEY'),
    streamAuthToken: read('TELNYX_STREAM_AUTH_TOKEN'),
    apiBaseUrl: parseApiBaseUrl('TELNYX_API_BASE_URL', read('TELNYX_API_BASE_URL'), problems),
  };
  if (telnyx.publicKey !== undefined) checkTelnyxPublicKey(telnyx.publicKey, problems);
  const plivo: PlivoSettings = {
    authId: read('PLIVO_AUTH_ID'),
    authToken: read('PLIVO_AUTH_TOKEN'),
    apiBaseUrl: parseApiBaseUrl('PLIVO_API_BASE_URL', read('PLIVO_API_BASE_URL'), problems),
  };

  warnAboutHalfCredentials(twilio, plivo, warnings);
  if (telnyx.apiKey !== undefined && telnyx.publicKey === undefined) {
    warnings.push(
      'TELNYX_API_KEY is set without TELNYX_PUBLIC_KEY: Telnyx hang-up stays off, because without verified webhooks no stream can prove which call it belongs to',
    );
  }
  warnAboutMisspelledNames(environment, warnings);
  if (
    publicUrl === undefined &&
    (twilio.authToken !== undefined || plivo.authToken !== undefined)
  ) {
    warnings.push(
      `PUBLIC_URL is not set: Twilio and Plivo sign the public URL they call, so signatures are checked against https://<Host header>${trustProxy ? ' (or X-Forwarded-Host)' : ''}, which a tunnel may rewrite. Set PUBLIC_URL to your tunnel URL.`,
    );
  }

  if (problems.length > 0) throw new DemoConfigError(problems);
  return {
    config: {
      port,
      host,
      workers,
      publicUrl,
      trustProxy,
      allowedOrigins,
      streamTokenSecret,
      limits,
      sessionTimeoutSecs,
      vad,
      logLevel,
      recordDir,
      holdMusic,
      noiseFilter,
      twilio,
      telnyx,
      plivo,
    },
    warnings,
  };
}

function parsePort(text: string | undefined, problems: string[]): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got ${JSON.stringify(text)})`);
    return DEFAULT_PORT;
  }
  return port;
}

function parsePublicUrl(
  text: string | undefined,
  problems: string[],
  warnings: string[],
): string | undefined {
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(
      `PUBLIC_URL must be an absolute URL such as https://abc123.ngrok.app (got ${JSON.stringify(text)})`,
    );
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`PUBLIC_URL must start with https:// (got ${JSON.stringify(text)})`);
    return undefined;
  }
  if (url.search !== '' || url.hash !== '') {
    problems.push(
      `PUBLIC_URL must not have a query or fragment: providers drop them (got ${JSON.stringify(text)})`,
    );
    return undefined;
  }
  if (url.protocol === 'http:') {
    warnings.push(
      `PUBLIC_URL is ${text}: providers only connect to wss:// media streams, so use the https:// URL of your tunnel`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseBoolean(name: string, text: string | undefined, problems: string[]): boolean {
  if (text === undefined) return false;
  const normalized = text.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalized)) return false;
  problems.push(`${name} must be true or false (got ${JSON.stringify(text)})`);
  return false;
}

function parseAllowedOrigins(
  text: string | undefined,
  problems: string[],
): readonly string[] | undefined {
  if (text === undefined) return undefined;
  const origins: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (
      url === undefined ||
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      url.pathname !== '/' ||
      url.search !== '' ||
      url.hash !== '' ||
      url.username !== ''
    ) {
      problems.push(
        `ALLOWED_ORIGINS entries must be origins such as https://app.example.com, without a path (got ${JSON.stringify(entry)})`,
      );
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
}

function parseSessionTimeout(text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return DEFAULT_SESSION_TIMEOUT_SECS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) {
    problems.push(
      `SESSION_TIMEOUT must be a number of seconds ≥ 0, 0 turning it off (got ${JSON.stringify(text)})`,
    );
    return undefined;
  }
  return seconds === 0 ? undefined : seconds;
}

function parseVAD(text: string | undefined, problems: string[]): VADSetting {
  if (text === undefined) return { engine: DEFAULT_VAD_ENGINE, params: {} };
  try {
    return parseVADSetting(text);
  } catch (error) {
    problems.push(
      `VAD=${JSON.stringify(text)}: ${(error as Error).message}; e.g. VAD=silero:stopSecs=${ECHO_BOT_VAD_PARAMS.stopSecs}`,
    );
    return { engine: 'energy', params: {} };
  }
}

function parseLogLevel(text: string | undefined, problems: string[]): LogLevel {
  if (text === undefined) return DEFAULT_LOG_LEVEL;
  const level = text.toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    problems.push(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(text)})`,
    );
    return DEFAULT_LOG_LEVEL;
  }
  return level;
}

function parseApiBaseUrl(name: string, text: string | undefined, problems: string[]) {
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:') return text.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  problems.push(`${name} must be an http:// or https:// URL (got ${JSON.stringify(text)})`);
  return undefined;
}

function checkTelnyxPublicKey(publicKey: string, problems: string[]): void {
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(publicKey) ? Buffer.from(publicKey, 'base64') : null;
  if (bytes === null || bytes.byteLength !== ED25519_PUBLIC_KEY_BYTES) {
    problems.push(
      `TELNYX_PUBLIC_KEY must be the base64 Ed25519 public key from the Telnyx portal (32 bytes; got ${bytes === null ? 'text that is not base64' : `${bytes.byteLength} bytes`})`,
    );
  }
}

function warnAboutHalfCredentials(
  twilio: TwilioSettings,
  plivo: PlivoSettings,
  warnings: string[],
): void {
  if (twilio.accountSid !== undefined && twilio.authToken === undefined) {
    warnings.push('TWILIO_ACCOUNT_SID is set without TWILIO_AUTH_TOKEN: Twilio hang-up stays off');
  }
  if (plivo.authId !== undefined && plivo.authToken === undefined) {
    warnings.push('PLIVO_AUTH_ID is set without PLIVO_AUTH_TOKEN: Plivo hang-up stays off');
  }
}

function warnAboutMisspelledNames(environment: Environment, warnings: string[]): void {
  const known = new Set<string>(DEMO_ENVIRONMENT_VARIABLES);
  for (const name of Object.keys(environment)) {
    if (known.has(name) || !/^(TWILIO|TELNYX|PLIVO)_/.test(name)) continue;
    const closest = DEMO_ENVIRONMENT_VARIABLES.find(
      (candidate) => editDistance(candidate, name) <= 2,
    );
    if (closest) warnings.push(`${name} is not a setting the demo reads: did you mean ${closest}?`);
  }
}

/** Levenshtein distance; names are short, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let row = 1; row <= a.length; row++) {
    const current = [row];
    for (let column = 1; column <= b.length; column++) {
      const substitution = previous[column - 1]! + (a[row - 1] === b[column - 1] ? 0 : 1);
      current[column] = Math.min(previous[column]! + 1, current[column - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}
