/** The limits that keep one client, or a flood of them, from taking the server. */
export interface TelephonyServerLimits {
  /** WebSocket connections at once, in a call or being set up; more are refused with 503. */
  maxCalls: number;
  /** Streams accepted whose call has not started (no `start` yet); more are refused with 503. */
  maxPendingStreams: number;
  /** The same, from one client address; more are refused with 429. */
  maxPendingStreamsPerAddress: number;
  /** Milliseconds from the upgrade to the provider's `start` message; then the stream is closed (1008). */
  startTimeoutMs: number;
  /** Milliseconds from the start of a call to its first caller audio; then it is closed (1008). */
  firstAudioTimeoutMs: number;
  /** Sustained inbound messages per second of one call; above it the call is closed (1008). */
  maxMediaMessagesPerSecond: number;
  /** Largest webhook body, in bytes; larger ones get 413. */
  maxWebhookBodyBytes: number;
  /** Milliseconds to receive a webhook's body; then 408. */
  webhookBodyTimeoutMs: number;
  /** Milliseconds calls in progress may go on by themselves once `drain()` is called. */
  drainTimeoutMs: number;
  /**
   * Milliseconds the normal end of a call may take once asked for (the bot's goodbye, the end
   * silence, the bounded hang-up and the close); a call still there after it is cancelled.
   */
  endOfCallTimeoutMs: number;
}

/** Defaults of `TelephonyServerLimits`. */
export const DEFAULT_TELEPHONY_SERVER_LIMITS: Readonly<TelephonyServerLimits> = Object.freeze({
  maxCalls: 500,
  maxPendingStreams: 64,
  maxPendingStreamsPerAddress: 16,
  startTimeoutMs: 5_000,
  firstAudioTimeoutMs: 5_000,
  maxMediaMessagesPerSecond: 250,
  maxWebhookBodyBytes: 64 * 1024,
  webhookBodyTimeoutMs: 10_000,
  drainTimeoutMs: 20_000,
  endOfCallTimeoutMs: 15_000,
});

/** Limits that are counts (whole numbers ≥ 1); the others are positive amounts. */
const COUNT_LIMITS: ReadonlySet<keyof TelephonyServerLimits> = new Set([
  'maxCalls',
  'maxPendingStreams',
  'maxPendingStreamsPerAddress',
  'maxWebhookBodyBytes',
]);

/**
 * Applies the defaults and checks every limit.
 * @throws RangeError naming a limit with a bad value.
 */
export function resolveServerLimits(
  limits: Partial<TelephonyServerLimits> = {},
): Readonly<TelephonyServerLimits> {
  const resolved: TelephonyServerLimits = { ...DEFAULT_TELEPHONY_SERVER_LIMITS };
  for (const key of Object.keys(
    DEFAULT_TELEPHONY_SERVER_LIMITS,
  ) as (keyof TelephonyServerLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (COUNT_LIMITS.has(key)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`limits.${key} must be a whole number ≥ 1, got ${value}`);
      }
    } else if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
      throw new RangeError(`limits.${key} must be a finite number > 0, got ${value}`);
    }
    resolved[key] = value;
  }
  if (resolved.maxPendingStreamsPerAddress > resolved.maxPendingStreams) {
    throw new RangeError(
      `limits.maxPendingStreamsPerAddress (${resolved.maxPendingStreamsPerAddress}) cannot exceed limits.maxPendingStreams (${resolved.maxPendingStreams})`,
    );
  }
  return Object.freeze(resolved);
}
