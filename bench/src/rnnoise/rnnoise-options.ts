import { wholeNumberSetting } from '../support/environment-settings.js';

/** Settings of the `audio-filter-rnnoise` benchmark, read from environment variables. */
export interface RNNoiseBenchOptions {
  /** Concurrent calls of each CPU measurement (`RNNOISE_CPU_CALL_COUNTS`, comma-separated). */
  cpuCallCounts: number[];
  /** Call-seconds per CPU measurement, spread over the calls (`RNNOISE_CPU_CALL_SECONDS`). */
  cpuCallSecs: number;
  /** Repeats of each CPU measurement, interleaved; the median is reported (`RNNOISE_CPU_REPEATS`). */
  cpuRepeats: number;
  /** VAD engines run on the corpus without and with the filter (`RNNOISE_VAD_ENGINES`, ids). */
  vadEngines: string[];
}

/** Defaults of `RNNoiseBenchOptions`: about 8 minutes on a 2-core machine. */
export const DEFAULT_RNNOISE_BENCH_OPTIONS: Readonly<RNNoiseBenchOptions> = Object.freeze({
  cpuCallCounts: [1, 100],
  cpuCallSecs: 300,
  cpuRepeats: 3,
  vadEngines: ['energy-8k-tones-rejected', 'silero-8k'],
});

/** Every call gets at least this many seconds of audio in a CPU measurement. */
export const RNNOISE_CPU_MIN_SECS_PER_CALL = 3;

/** Upper bounds, so a typo cannot run for hours. */
const MAXIMUM_CALLS = 1000;
const MAXIMUM_CALL_SECONDS = 10_000;
const MAXIMUM_REPEATS = 20;

/**
 * Reads the options from `environment` (unset or empty: the default).
 * @throws RangeError naming the variable and its value when one is out of range.
 */
export function rnnoiseBenchOptionsFromEnvironment(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): RNNoiseBenchOptions {
  const text = (name: string) => {
    const value = environment[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const list = (value: string) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  const counts = text('RNNOISE_CPU_CALL_COUNTS');
  const callSecs = text('RNNOISE_CPU_CALL_SECONDS');
  const repeats = text('RNNOISE_CPU_REPEATS');
  const engines = text('RNNOISE_VAD_ENGINES');
  return {
    cpuCallCounts: counts
      ? list(counts).map((part) =>
          wholeNumberSetting('RNNOISE_CPU_CALL_COUNTS', part, 1, MAXIMUM_CALLS),
        )
      : [...DEFAULT_RNNOISE_BENCH_OPTIONS.cpuCallCounts],
    cpuCallSecs: callSecs
      ? wholeNumberSetting('RNNOISE_CPU_CALL_SECONDS', callSecs, 1, MAXIMUM_CALL_SECONDS)
      : DEFAULT_RNNOISE_BENCH_OPTIONS.cpuCallSecs,
    cpuRepeats: repeats
      ? wholeNumberSetting('RNNOISE_CPU_REPEATS', repeats, 1, MAXIMUM_REPEATS)
      : DEFAULT_RNNOISE_BENCH_OPTIONS.cpuRepeats,
    vadEngines: engines ? list(engines) : [...DEFAULT_RNNOISE_BENCH_OPTIONS.vadEngines],
  };
}

/** Seconds of audio each call gets in a CPU measurement with `calls` calls. */
export function rnnoiseSecsPerCall(options: RNNoiseBenchOptions, calls: number): number {
  return Math.max(RNNOISE_CPU_MIN_SECS_PER_CALL, options.cpuCallSecs / calls);
}
