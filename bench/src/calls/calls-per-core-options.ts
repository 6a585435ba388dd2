import { environmentReader, wholeNumberSetting } from '../support/environment-settings.js';

/** Settings of the `calls-per-core` benchmark, read from environment variables. */
export interface CallsPerCoreOptions {
  /** Concurrent call counts measured, each against both servers (`CALLS_COUNTS`, e.g. `50,100`). */
  counts: number[];
  /** Length of each call, in seconds (`CALLS_DURATION_SECONDS`). */
  callDurationSecs: number;
  /** The call starts are spread over this many seconds (`CALLS_RAMP_SECONDS`). */
  rampSecs: number;
  /** Seconds after the last call connected that are left out of the steady state (`CALLS_SETTLE_SECONDS`). */
  settleSecs: number;
  /**
   * Our pipeline runs once per chunk size listed, in 10 ms units (`CALLS_OUT_10MS_CHUNKS`, e.g.
   * `2,4`): 2 sends 20 ms messages like the bare echo, 4 is the transport's default.
   */
  audioOut10msChunks: number[];
  /** Most audio our pipeline sends ahead of real time, in ms (`CALLS_OUT_LEAD_MS`); none: one chunk. */
  audioOutMaxLeadMs: number | undefined;
  /** Our echo bot hands caller audio back in batches of this many milliseconds (`CALLS_ECHO_BATCH_MS`). */
  echoBatchMs: number;
  /** Run the core `EnergyVADAnalyzer` on caller audio in our pipeline (`CALLS_VAD`, `0` disables). */
  vad: boolean;
  /** Write a V8 CPU profile of each pipeline server into this folder (`CALLS_CPU_PROFILE_DIR`). */
  cpuProfileDirectory: string | undefined;
  /**
   * Node.js flags for both servers (`CALLS_SERVER_NODE_FLAGS`, space-separated, e.g.
   * `--max-semi-space-size=4`), to measure a deployment setting; none by default.
   */
  serverNodeFlags: string[];
}

/**
 * Defaults of `CallsPerCoreOptions`: 100 to 600 calls (the pacing target is at 600), 18
 * steps of about 35 s each, about 11 minutes on a 2-core machine.
 */
export const DEFAULT_CALLS_PER_CORE_OPTIONS: Readonly<CallsPerCoreOptions> = Object.freeze({
  counts: [100, 200, 300, 400, 500, 600],
  callDurationSecs: 25,
  rampSecs: 5,
  settleSecs: 2,
  audioOut10msChunks: [2, 4],
  audioOutMaxLeadMs: undefined,
  echoBatchMs: 200,
  vad: true,
  cpuProfileDirectory: undefined,
  serverNodeFlags: [],
});

/**
 * Time a step takes beyond its ramp and call length, in seconds: the server starting, its idle
 * baseline, the calls closing, both processes stopping, and the pause before the next step.
 */
export const STEP_OVERHEAD_SECS = 5;

/** About how long a run with `options` takes, in seconds (one step per count and server). */
export function expectedRunSecs(options: CallsPerCoreOptions): number {
  const servers = 1 + options.audioOut10msChunks.length;
  const stepSecs = options.rampSecs + options.callDurationSecs + STEP_OVERHEAD_SECS;
  return options.counts.length * servers * stepSecs;
}

/** Most concurrent calls one step may open (the simulator allows 5,000; this machine is small). */
export const MAX_BENCHMARK_CALLS = 2_000;
/** Longest call one step may hold, in seconds. */
export const MAX_BENCHMARK_CALL_SECONDS = 300;

/**
 * Reads `CALLS_SERVER_NODE_FLAGS`: Node.js flags, each starting with `--`.
 * @throws RangeError naming a part that is not a flag.
 */
function serverNodeFlags(text: string | undefined): string[] {
  const flags = (text ?? '').split(/\s+/).filter((part) => part !== '');
  for (const flag of flags) {
    if (!/^--[a-z0-9-]+(=[^\s]+)?$/i.test(flag)) {
      throw new RangeError(
        `CALLS_SERVER_NODE_FLAGS must be Node.js flags separated by spaces (e.g. --max-semi-space-size=4), got ${JSON.stringify(flag)}`,
      );
    }
  }
  return flags;
}

function positiveNumber(name: string, text: string, maximum: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > maximum) {
    throw new RangeError(`${name} must be a number above 0 and at most ${maximum}, got "${text}"`);
  }
  return value;
}

/**
 * Reads the options from `environment` (unset variables keep their defaults).
 * @throws RangeError naming the variable and its bad value.
 */
export function callsPerCoreOptionsFromEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
): CallsPerCoreOptions {
  const defaults = DEFAULT_CALLS_PER_CORE_OPTIONS;
  const read = environmentReader(environment);
  const countsText = read('CALLS_COUNTS');
  const counts = countsText
    ? countsText
        .split(',')
        .map((part) => wholeNumberSetting('CALLS_COUNTS', part.trim(), 1, MAX_BENCHMARK_CALLS))
    : [...defaults.counts];
  const duration = read('CALLS_DURATION_SECONDS');
  const ramp = read('CALLS_RAMP_SECONDS');
  const settle = read('CALLS_SETTLE_SECONDS');
  const chunks = read('CALLS_OUT_10MS_CHUNKS');
  const batch = read('CALLS_ECHO_BATCH_MS');
  const lead = read('CALLS_OUT_LEAD_MS');
  const vad = read('CALLS_VAD');
  const options: CallsPerCoreOptions = {
    counts,
    callDurationSecs: duration
      ? positiveNumber('CALLS_DURATION_SECONDS', duration, MAX_BENCHMARK_CALL_SECONDS)
      : defaults.callDurationSecs,
    rampSecs: ramp ? Number(ramp) : defaults.rampSecs,
    settleSecs: settle ? Number(settle) : defaults.settleSecs,
    audioOut10msChunks: chunks
      ? chunks
          .split(',')
          .map((part) => wholeNumberSetting('CALLS_OUT_10MS_CHUNKS', part.trim(), 1, 10))
      : [...defaults.audioOut10msChunks],
    audioOutMaxLeadMs: lead
      ? wholeNumberSetting('CALLS_OUT_LEAD_MS', lead, 0, 1_000)
      : defaults.audioOutMaxLeadMs,
    echoBatchMs: batch
      ? wholeNumberSetting('CALLS_ECHO_BATCH_MS', batch, 0, 5_000)
      : defaults.echoBatchMs,
    vad: vad === undefined ? defaults.vad : vad !== '0' && vad !== 'false',
    cpuProfileDirectory: read('CALLS_CPU_PROFILE_DIR') ?? defaults.cpuProfileDirectory,
    serverNodeFlags: serverNodeFlags(read('CALLS_SERVER_NODE_FLAGS')),
  };
  for (const [name, value] of [
    ['CALLS_RAMP_SECONDS', options.rampSecs],
    ['CALLS_SETTLE_SECONDS', options.settleSecs],
  ] as const) {
    if (!Number.isFinite(value) || value < 0 || value >= options.callDurationSecs) {
      throw new RangeError(
        `${name} must be from 0 to less than the call duration (${options.callDurationSecs} s), got ${value}`,
      );
    }
  }
  if (options.rampSecs + options.settleSecs + 3 > options.callDurationSecs) {
    throw new RangeError(
      `the call duration (${options.callDurationSecs} s) leaves no steady state after a ramp of ${options.rampSecs} s and a settle time of ${options.settleSecs} s; make it at least ${options.rampSecs + options.settleSecs + 3} s`,
    );
  }
  return options;
}
