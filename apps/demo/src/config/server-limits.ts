/** The limits that keep one client from taking the server: every one is a setting. */
export interface ServerLimits {
  /** `MAX_CALLS`: WebSocket connections at once (calls and streams being set up); more get 503. */
  maxCalls: number;
  /** `MAX_PENDING_STREAMS`: streams accepted but not yet started (no `start` yet); more get 503. */
  maxPendingStreams: number;
  /** `MAX_PENDING_STREAMS_PER_ADDRESS`: the same, from one client address; more get 429. */
  maxPendingStreamsPerAddress: number;
  /** `FIRST_AUDIO_TIMEOUT`: seconds from a stream's `start` to its first audio; then it is closed (1008). */
  firstAudioTimeoutSecs: number;
  /** `MAX_MEDIA_MESSAGES_PER_SECOND`: sustained inbound message rate of one call; above it the call is closed (1008). */
  maxMediaMessagesPerSecond: number;
  /** `WEBHOOK_BODY_TIMEOUT`: seconds to receive a webhook's body; then 408. */
  webhookBodyTimeoutSecs: number;
  /** `DRAIN_TIMEOUT`: seconds calls in progress may go on after SIGTERM before the bot ends them. */
  drainTimeoutSecs: number;
}

/** Every limit's default. */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxCalls: 500,
  maxPendingStreams: 64,
  maxPendingStreamsPerAddress: 16,
  firstAudioTimeoutSecs: 5,
  maxMediaMessagesPerSecond: 250,
  webhookBodyTimeoutSecs: 10,
  drainTimeoutSecs: 20,
});

/** The environment variable of each limit, in the order the README lists them. */
export const SERVER_LIMIT_VARIABLES = Object.freeze({
  maxCalls: 'MAX_CALLS',
  maxPendingStreams: 'MAX_PENDING_STREAMS',
  maxPendingStreamsPerAddress: 'MAX_PENDING_STREAMS_PER_ADDRESS',
  firstAudioTimeoutSecs: 'FIRST_AUDIO_TIMEOUT',
  maxMediaMessagesPerSecond: 'MAX_MEDIA_MESSAGES_PER_SECOND',
  webhookBodyTimeoutSecs: 'WEBHOOK_BODY_TIMEOUT',
  drainTimeoutSecs: 'DRAIN_TIMEOUT',
} as const satisfies Record<keyof ServerLimits, string>);

/** Limits that are counts (whole numbers ≥ 1); the others are seconds (> 0). */
const COUNT_LIMITS: ReadonlySet<keyof ServerLimits> = new Set([
  'maxCalls',
  'maxPendingStreams',
  'maxPendingStreamsPerAddress',
  'maxMediaMessagesPerSecond',
]);

/**
 * Reads every limit from its variable (unset: the default), adding one line to `problems` per
 * invalid value.
 */
export function parseServerLimits(
  read: (name: (typeof SERVER_LIMIT_VARIABLES)[keyof ServerLimits]) => string | undefined,
  problems: string[],
): ServerLimits {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS };
  for (const key of Object.keys(SERVER_LIMIT_VARIABLES) as (keyof ServerLimits)[]) {
    const name = SERVER_LIMIT_VARIABLES[key];
    const text = read(name);
    if (text === undefined) continue;
    const value = Number(text);
    if (COUNT_LIMITS.has(key)) {
      if (!/^\d+$/.test(text) || value < 1) {
        problems.push(`${name} must be a whole number ≥ 1 (got ${JSON.stringify(text)})`);
        continue;
      }
    } else if (!(Number.isFinite(value) && value > 0)) {
      problems.push(`${name} must be a number of seconds > 0 (got ${JSON.stringify(text)})`);
      continue;
    }
    limits[key] = value;
  }
  if (limits.maxPendingStreamsPerAddress > limits.maxPendingStreams) {
    problems.push(
      `MAX_PENDING_STREAMS_PER_ADDRESS (${limits.maxPendingStreamsPerAddress}) cannot exceed MAX_PENDING_STREAMS (${limits.maxPendingStreams})`,
    );
  }
  return limits;
}
