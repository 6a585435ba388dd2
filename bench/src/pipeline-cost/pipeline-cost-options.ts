import { environmentReader, wholeNumberSetting } from '../support/environment-settings.js';

/** Settings of the `pipeline-cost` benchmark, read from environment variables and arguments. */
export interface PipelineCostOptions {
  /** Simulated calls in the measuring process (`PIPELINE_COST_CALLS`). */
  calls: number;
  /** Seconds of our pipeline measured in each run, after the warm-up (`PIPELINE_COST_SECONDS`). */
  measureSecs: number;
  /** Seconds our pipeline runs before its measurement starts (`PIPELINE_COST_WARMUP_SECONDS`). */
  warmupSecs: number;
  /** Seconds measured of the harness alone and of the bare echo in each run (`PIPELINE_COST_REFERENCE_SECONDS`). */
  referenceSecs: number;
  /** Runs of each tree (`PIPELINE_COST_REPEATS`); with a baseline they alternate A/B/A/B. */
  repeats: number;
  /** Output chunk sizes in 10 ms units, one run per size and repeat (`PIPELINE_COST_OUT_10MS_CHUNKS`). */
  audioOut10msChunks: number[];
  /** A built checkout of this repository at another commit, measured in turn with this one (`PIPELINE_COST_BASELINE`). */
  baselineRoot: string | undefined;
  /** One more run of this tree with a V8 CPU profile of its measured window (`PIPELINE_COST_PROFILE=1` or `--cpu-prof`). */
  profile: boolean;
}

/** Defaults of `PipelineCostOptions`: three runs of about 40 s each, about 2.5 minutes on 2 cores. */
export const DEFAULT_PIPELINE_COST_OPTIONS: Readonly<PipelineCostOptions> = Object.freeze({
  calls: 300,
  measureSecs: 20,
  warmupSecs: 5,
  referenceSecs: 5,
  repeats: 3,
  audioOut10msChunks: [2],
  baselineRoot: undefined,
  profile: false,
});

/** The argument that turns the profile on, like `PIPELINE_COST_PROFILE=1`. */
export const CPU_PROFILE_ARGUMENT = '--cpu-prof';
/** Warm-up of the harness alone and of the bare echo before their measured windows, in seconds. */
export const REFERENCE_WARMUP_SECS = 2;
/**
 * Time a run takes beyond its warm-ups and measured windows, in seconds: the process starting,
 * the caller audio being made, the calls being set up, the forced collections, the exit.
 */
export const RUN_OVERHEAD_SECS = 4;
/** Most simulated calls one run may hold. */
export const MAX_PIPELINE_COST_CALLS = 2_000;
/** Longest window, in seconds. */
export const MAX_PIPELINE_COST_SECONDS = 600;
/** Most repeats. */
export const MAX_PIPELINE_COST_REPEATS = 20;

function seconds(name: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < minimum || value > MAX_PIPELINE_COST_SECONDS) {
    throw new RangeError(
      `${name} must be a number of seconds from ${minimum} to ${MAX_PIPELINE_COST_SECONDS}, got "${text}"`,
    );
  }
  return value;
}

function flag(text: string): boolean {
  return text !== '0' && text.toLowerCase() !== 'false';
}

/**
 * Reads the options from `environment` (unset or empty variables keep their defaults) and
 * `argv` (`--cpu-prof` turns the profile on).
 * @throws RangeError naming the variable and its bad value.
 */
export function pipelineCostOptionsFromEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv,
): PipelineCostOptions {
  const defaults = DEFAULT_PIPELINE_COST_OPTIONS;
  const read = environmentReader(environment);
  const calls = read('PIPELINE_COST_CALLS');
  const measure = read('PIPELINE_COST_SECONDS');
  const warmup = read('PIPELINE_COST_WARMUP_SECONDS');
  const reference = read('PIPELINE_COST_REFERENCE_SECONDS');
  const repeats = read('PIPELINE_COST_REPEATS');
  const chunks = read('PIPELINE_COST_OUT_10MS_CHUNKS');
  const profile = read('PIPELINE_COST_PROFILE');
  return {
    calls: calls
      ? wholeNumberSetting('PIPELINE_COST_CALLS', calls, 1, MAX_PIPELINE_COST_CALLS)
      : defaults.calls,
    measureSecs: measure ? seconds('PIPELINE_COST_SECONDS', measure, 1) : defaults.measureSecs,
    warmupSecs: warmup ? seconds('PIPELINE_COST_WARMUP_SECONDS', warmup, 0) : defaults.warmupSecs,
    referenceSecs: reference
      ? seconds('PIPELINE_COST_REFERENCE_SECONDS', reference, 1)
      : defaults.referenceSecs,
    repeats: repeats
      ? wholeNumberSetting('PIPELINE_COST_REPEATS', repeats, 1, MAX_PIPELINE_COST_REPEATS)
      : defaults.repeats,
    audioOut10msChunks: chunks
      ? chunks
          .split(',')
          .map((part) => wholeNumberSetting('PIPELINE_COST_OUT_10MS_CHUNKS', part.trim(), 1, 10))
      : [...defaults.audioOut10msChunks],
    baselineRoot: read('PIPELINE_COST_BASELINE') ?? defaults.baselineRoot,
    profile: (profile !== undefined && flag(profile)) || argv.includes(CPU_PROFILE_ARGUMENT),
  };
}

/** Seconds one run takes: two reference windows and our pipeline's, their warm-ups, the overhead. */
export function runSecs(options: PipelineCostOptions): number {
  return (
    2 * (REFERENCE_WARMUP_SECS + options.referenceSecs) +
    options.warmupSecs +
    options.measureSecs +
    RUN_OVERHEAD_SECS
  );
}

/** Runs `options` asks for: per repeat and chunk size one of this tree (and one of the baseline), plus the profiled one. */
export function runCount(options: PipelineCostOptions): number {
  const trees = options.baselineRoot === undefined ? 1 : 2;
  return options.repeats * options.audioOut10msChunks.length * trees + (options.profile ? 1 : 0);
}

/** About how long a run of the benchmark with `options` takes, in seconds. */
export function expectedRunSecs(options: PipelineCostOptions): number {
  return runCount(options) * runSecs(options);
}
