/** Settings of the `reliability` benchmark, read from environment variables. */
export interface ReliabilityOptions {
  /** Part a: fuzzed messages per provider through the deserializer and detection (`RELIABILITY_FUZZ_CASES`). */
  fuzzCases: number;
  /** Part b: fuzzed WebSocket messages per provider to the live demo (`RELIABILITY_LIVE_MESSAGES`). */
  liveMessages: number;
  /** Part b: connections open at once (`RELIABILITY_LIVE_CONNECTIONS`). */
  liveConnections: number;
  /** Part c: calls destroyed mid-call (`RELIABILITY_ABRUPT_DISCONNECTS`). */
  abruptDisconnects: number;
  /** Part c: short calls one after the other (`RELIABILITY_SHORT_CALLS`). */
  shortCalls: number;
  /** Part d: calls on the line at SIGTERM (`RELIABILITY_DRAIN_CALLS`). */
  drainCalls: number;
  /** Part d: the demo's `DRAIN_TIMEOUT`, in seconds (`RELIABILITY_DRAIN_TIMEOUT_SECONDS`). */
  drainTimeoutSecs: number;
  /** Seed of every generated message (`RELIABILITY_SEED`): the same seed sends the same messages. */
  seed: number;
}

/** Defaults of `ReliabilityOptions`: about 4 minutes on a 2-core machine. */
export const DEFAULT_RELIABILITY_OPTIONS: Readonly<ReliabilityOptions> = Object.freeze({
  fuzzCases: 100_000,
  liveMessages: 10_000,
  liveConnections: 8,
  abruptDisconnects: 1_000,
  shortCalls: 2_000,
  drainCalls: 50,
  drainTimeoutSecs: 3,
  seed: 20_261_207,
});

/** Upper bound of each count, so a typo cannot run for hours. */
const MAXIMUM_COUNT = 10_000_000;
/** Fuzz cases are generated in batches of this many. */
export const FUZZ_CASES_STEP = 1_000;

const VARIABLES: Readonly<Record<keyof ReliabilityOptions, string>> = Object.freeze({
  fuzzCases: 'RELIABILITY_FUZZ_CASES',
  liveMessages: 'RELIABILITY_LIVE_MESSAGES',
  liveConnections: 'RELIABILITY_LIVE_CONNECTIONS',
  abruptDisconnects: 'RELIABILITY_ABRUPT_DISCONNECTS',
  shortCalls: 'RELIABILITY_SHORT_CALLS',
  drainCalls: 'RELIABILITY_DRAIN_CALLS',
  drainTimeoutSecs: 'RELIABILITY_DRAIN_TIMEOUT_SECONDS',
  seed: 'RELIABILITY_SEED',
});

/**
 * Reads the options from `environment` (unset or empty: the default).
 * @throws RangeError naming the variable and its value when one is not a whole number in range.
 */
export function reliabilityOptionsFromEnvironment(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): ReliabilityOptions {
  const options: ReliabilityOptions = { ...DEFAULT_RELIABILITY_OPTIONS };
  for (const key of Object.keys(VARIABLES) as (keyof ReliabilityOptions)[]) {
    const name = VARIABLES[key];
    const text = environment[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    const minimum = key === 'seed' ? 0 : 1;
    if (!Number.isInteger(value) || value < minimum || value > MAXIMUM_COUNT) {
      throw new RangeError(
        `${name} must be a whole number from ${minimum} to ${MAXIMUM_COUNT}, got "${text}"`,
      );
    }
    options[key] = value;
  }
  if (options.fuzzCases % FUZZ_CASES_STEP !== 0) {
    throw new RangeError(`${VARIABLES.fuzzCases} must be a multiple of ${FUZZ_CASES_STEP}`);
  }
  return options;
}
