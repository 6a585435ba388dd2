import { wholeNumberSetting } from '../support/environment-settings.js';

/** Settings of the `vad` benchmark, read from environment variables. */
export interface VadOptions {
  /** Concurrent calls of each CPU measurement (`VAD_CPU_CALL_COUNTS`, comma-separated). */
  cpuCallCounts: number[];
  /** Call-seconds per CPU measurement, spread over the calls (`VAD_CPU_CALL_SECONDS`). */
  cpuCallSecs: number;
  /** Each call gets at least this many seconds of audio (`VAD_CPU_MIN_SECONDS_PER_CALL`). */
  cpuMinSecsPerCall: number;
  /** Repeats of each CPU measurement, interleaved; the median is reported (`VAD_CPU_REPEATS`). */
  cpuRepeats: number;
  /** Run only engines whose id contains one of these (`VAD_ENGINES`, comma-separated; empty: all). */
  engineFilters: string[];
}

/** Defaults of `VadOptions`: about 10 minutes on a 2-core machine with both engines. */
export const DEFAULT_VAD_OPTIONS: Readonly<VadOptions> = Object.freeze({
  cpuCallCounts: [1, 10, 100, 300],
  cpuCallSecs: 1200,
  cpuMinSecsPerCall: 10,
  cpuRepeats: 3,
  engineFilters: [],
});

/** Upper bounds, so a typo cannot run for hours. */
const MAXIMUM_CALLS = 2000;
const MAXIMUM_CALL_SECONDS = 100_000;
const MAXIMUM_REPEATS = 20;

/**
 * Reads the options from `environment` (unset or empty: the default).
 * @throws RangeError naming the variable and its value when one is out of range.
 */
export function vadOptionsFromEnvironment(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): VadOptions {
  const options: VadOptions = {
    ...DEFAULT_VAD_OPTIONS,
    cpuCallCounts: [...DEFAULT_VAD_OPTIONS.cpuCallCounts],
  };
  const text = (name: string) => {
    const value = environment[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const counts = text('VAD_CPU_CALL_COUNTS');
  if (counts !== undefined) {
    options.cpuCallCounts = counts
      .split(',')
      .map((part) => wholeNumberSetting('VAD_CPU_CALL_COUNTS', part, 1, MAXIMUM_CALLS));
  }
  const callSecs = text('VAD_CPU_CALL_SECONDS');
  if (callSecs !== undefined)
    options.cpuCallSecs = wholeNumberSetting(
      'VAD_CPU_CALL_SECONDS',
      callSecs,
      1,
      MAXIMUM_CALL_SECONDS,
    );
  const minimum = text('VAD_CPU_MIN_SECONDS_PER_CALL');
  if (minimum !== undefined) {
    options.cpuMinSecsPerCall = wholeNumberSetting(
      'VAD_CPU_MIN_SECONDS_PER_CALL',
      minimum,
      1,
      MAXIMUM_CALL_SECONDS,
    );
  }
  const repeats = text('VAD_CPU_REPEATS');
  if (repeats !== undefined)
    options.cpuRepeats = wholeNumberSetting('VAD_CPU_REPEATS', repeats, 1, MAXIMUM_REPEATS);
  const engines = text('VAD_ENGINES');
  if (engines !== undefined) {
    options.engineFilters = engines
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  }
  return options;
}

/** Seconds of audio each call gets in a CPU measurement with `calls` calls. */
export function secsPerCall(options: VadOptions, calls: number): number {
  return Math.max(options.cpuMinSecsPerCall, options.cpuCallSecs / calls);
}
