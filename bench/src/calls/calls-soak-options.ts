import { environmentReader } from '../support/environment-settings.js';

/** Settings of the `calls-soak` benchmark, read from environment variables. */
export interface CallsSoakOptions {
  /** Length of the soak, in minutes (`CALLS_SOAK_MINUTES`; setting it turns the soak on). */
  minutes: number;
  /** Calls kept open all along (`CALLS_SOAK_CALLS`). */
  calls: number;
  /** Length of each call, in seconds, before a new one replaces it (`CALLS_SOAK_CALL_SECONDS`). */
  callSecs: number;
  /** Seconds at the start left out of the memory trend (`CALLS_SOAK_WARMUP_SECONDS`). */
  warmupSecs: number;
}

/** The environment variable that turns the soak on. */
export const SOAK_ENABLING_VARIABLE = 'CALLS_SOAK_MINUTES';

/**
 * Defaults of `CallsSoakOptions` (the soak itself runs only when `CALLS_SOAK_MINUTES` is set):
 * 300 calls of 60 s each, so about 300 calls end and are replaced every minute; the first calls
 * start spread over one call length, so the replacements stay spread; the first 2 minutes
 * (ramp, heap growth to its working size) are left out of the trend.
 */
export const DEFAULT_CALLS_SOAK_OPTIONS: Readonly<Omit<CallsSoakOptions, 'minutes'>> =
  Object.freeze({ calls: 300, callSecs: 60, warmupSecs: 120 });

/** Longest soak, in minutes. */
export const MAX_SOAK_MINUTES = 60;
/** Most calls a soak may keep open. */
export const MAX_SOAK_CALLS = 2_000;
/** Shortest and longest call of a soak, in seconds. */
export const MIN_SOAK_CALL_SECONDS = 5;
export const MAX_SOAK_CALL_SECONDS = 600;
/** Trend seconds the soak must leave after its warm-up. */
export const MIN_TREND_SECONDS = 30;

function numberIn(name: string, text: string, minimum: number, maximum: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < minimum || value > maximum) {
    throw new RangeError(`${name} must be a number from ${minimum} to ${maximum}, got "${text}"`);
  }
  return value;
}

/**
 * Reads the options from `environment`; undefined when `CALLS_SOAK_MINUTES` is not set.
 * @throws RangeError naming the variable and its bad value.
 */
export function callsSoakOptionsFromEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
): CallsSoakOptions | undefined {
  const read = environmentReader(environment);
  const minutesText = read(SOAK_ENABLING_VARIABLE);
  if (minutesText === undefined) return undefined;
  const defaults = DEFAULT_CALLS_SOAK_OPTIONS;
  const calls = read('CALLS_SOAK_CALLS');
  const callSecs = read('CALLS_SOAK_CALL_SECONDS');
  const warmup = read('CALLS_SOAK_WARMUP_SECONDS');
  const options: CallsSoakOptions = {
    minutes: numberIn(SOAK_ENABLING_VARIABLE, minutesText, 1, MAX_SOAK_MINUTES),
    calls: calls
      ? Math.round(numberIn('CALLS_SOAK_CALLS', calls, 1, MAX_SOAK_CALLS))
      : defaults.calls,
    callSecs: callSecs
      ? numberIn('CALLS_SOAK_CALL_SECONDS', callSecs, MIN_SOAK_CALL_SECONDS, MAX_SOAK_CALL_SECONDS)
      : defaults.callSecs,
    warmupSecs: warmup
      ? numberIn('CALLS_SOAK_WARMUP_SECONDS', warmup, 0, MAX_SOAK_MINUTES * 60)
      : defaults.warmupSecs,
  };
  if (options.warmupSecs + MIN_TREND_SECONDS > options.minutes * 60) {
    throw new RangeError(
      `a soak of ${options.minutes} min leaves no trend after a warm-up of ${options.warmupSecs} s; set CALLS_SOAK_WARMUP_SECONDS to at most ${options.minutes * 60 - MIN_TREND_SECONDS}`,
    );
  }
  return options;
}
