import { DEFAULT_TELEPHONY_SERVER_LIMITS, type TelephonyServerLimits } from '@x/telephony-server';

/** The server kit's limits the demo reads from the environment (milliseconds where timed). */
export type ServerLimits = Pick<
  TelephonyServerLimits,
  | 'maxCalls'
  | 'maxPendingStreams'
  | 'maxPendingStreamsPerAddress'
  | 'firstAudioTimeoutMs'
  | 'maxMediaMessagesPerSecond'
  | 'webhookBodyTimeoutMs'
  | 'drainTimeoutMs'
>;

/** The environment variable of each limit, in the order the README lists them. */
export const SERVER_LIMIT_VARIABLES = Object.freeze({
  maxCalls: 'MAX_CALLS',
  maxPendingStreams: 'MAX_PENDING_STREAMS',
  maxPendingStreamsPerAddress: 'MAX_PENDING_STREAMS_PER_ADDRESS',
  firstAudioTimeoutMs: 'FIRST_AUDIO_TIMEOUT',
  maxMediaMessagesPerSecond: 'MAX_MEDIA_MESSAGES_PER_SECOND',
  webhookBodyTimeoutMs: 'WEBHOOK_BODY_TIMEOUT',
  drainTimeoutMs: 'DRAIN_TIMEOUT',
} as const satisfies Record<keyof ServerLimits, string>);

/** Limits given in seconds in the environment (the kit takes milliseconds); the others are counts. */
const SECONDS_LIMITS: ReadonlySet<keyof ServerLimits> = new Set([
  'firstAudioTimeoutMs',
  'webhookBodyTimeoutMs',
  'drainTimeoutMs',
]);

const MILLISECONDS_PER_SECOND = 1000;

/**
 * Reads every limit from its variable (unset: the kit's default), seconds turned into
 * milliseconds, adding one line to `problems` per invalid value.
 */
export function parseServerLimits(
  read: (name: (typeof SERVER_LIMIT_VARIABLES)[keyof ServerLimits]) => string | undefined,
  problems: string[],
): ServerLimits {
  const keys = Object.keys(SERVER_LIMIT_VARIABLES) as (keyof ServerLimits)[];
  const limits = Object.fromEntries(
    keys.map((key) => [key, DEFAULT_TELEPHONY_SERVER_LIMITS[key]]),
  ) as ServerLimits;
  for (const key of keys) {
    const name = SERVER_LIMIT_VARIABLES[key];
    const text = read(name);
    if (text === undefined) continue;
    const value = Number(text);
    if (SECONDS_LIMITS.has(key)) {
      if (!(Number.isFinite(value) && value > 0)) {
        problems.push(`${name} must be a number of seconds > 0 (got ${JSON.stringify(text)})`);
        continue;
      }
      limits[key] = value * MILLISECONDS_PER_SECOND;
    } else if (!/^\d+$/.test(text) || value < 1) {
      problems.push(`${name} must be a whole number ≥ 1 (got ${JSON.stringify(text)})`);
    } else {
      limits[key] = value;
    }
  }
  if (limits.maxPendingStreamsPerAddress > limits.maxPendingStreams) {
    problems.push(
      `MAX_PENDING_STREAMS_PER_ADDRESS (${limits.maxPendingStreamsPerAddress}) cannot exceed MAX_PENDING_STREAMS (${limits.maxPendingStreams})`,
    );
  }
  return limits;
}
