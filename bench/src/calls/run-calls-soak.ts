import type { CallsSoakOptions } from './calls-soak-options.js';
import type { CpuPinning } from './cpu-pinning.js';
import type {
  ServerBaseline,
  ServerSample,
  ServerSettings,
  ServerTotals,
  SoakLoadFinished,
  SoakLoadTally,
} from './ipc-messages.js';
import { type MemoryPoint, type MemoryTrend, memoryTrend } from './memory-trend.js';
import { type LoadReportMessage, runServerUnderLoad } from './server-under-load.js';

/** Seconds between the memory points kept (the server samples every second). */
export const SOAK_POINT_INTERVAL_SECS = 5;
/** Seconds before the end of the soak left out of the trend (the last calls are ending). */
const END_MARGIN_SECS = 5;

/** What a soak measured. */
export interface CallsSoakRun {
  /** The soak's settings. */
  options: CallsSoakOptions;
  /** The server under test. */
  server: ServerSettings;
  /** Where server and load ran. */
  pinning: CpuPinning;
  /** Server memory with no call open, after a garbage collection. */
  baseline: Omit<ServerBaseline, 'type'>;
  /** Memory every `SOAK_POINT_INTERVAL_SECS`, from the first call on. */
  points: MemoryPoint[];
  /** The memory trend after the warm-up. */
  trend: MemoryTrend;
  /** Mean fraction of one core the server used over the trend's part. */
  serverCpuFraction: number;
  /** The calls placed and how they went. */
  load: SoakLoadTally;
  /** Fraction of one core the load process used. */
  loadCpuFraction: number;
  /** The server's own counters. */
  serverTotals: Omit<ServerTotals, 'type'>;
}

const isSoakFinished = (message: LoadReportMessage): message is SoakLoadFinished =>
  message.type === 'soak-load-finished';

/** The samples from the first call on, one every `intervalSecs`, as memory points. */
export function memoryPoints(
  samples: readonly ServerSample[],
  intervalSecs: number,
): MemoryPoint[] {
  const first = samples.findIndex((sample) => sample.activeCalls > 0);
  if (first < 0) return [];
  const startMs = samples[first]!.atMs;
  const points: MemoryPoint[] = [];
  for (let index = first; index < samples.length; index += intervalSecs) {
    const sample = samples[index]!;
    points.push({
      atSecs: Math.round((sample.atMs - startMs) / 100) / 10,
      rssBytes: sample.rssBytes,
      heapUsedBytes: sample.heapUsedBytes,
      activeCalls: sample.activeCalls,
    });
  }
  return points;
}

/** Mean fraction of a core used between the first sample at or after `fromSecs` and the last at or before `toSecs`. */
function cpuFractionBetween(
  samples: readonly ServerSample[],
  fromSecs: number,
  toSecs: number,
): number {
  const first = samples.findIndex((sample) => sample.activeCalls > 0);
  if (first < 0) return 0;
  const startMs = samples[first]!.atMs;
  const inside = samples.filter(
    (sample) => sample.atMs >= startMs + fromSecs * 1000 && sample.atMs <= startMs + toSecs * 1000,
  );
  if (inside.length < 2) return 0;
  const from = inside[0]!;
  const to = inside[inside.length - 1]!;
  return (to.cpuMicros - from.cpuMicros) / 1000 / (to.atMs - from.atMs);
}

/**
 * Runs our pipeline server under `options.calls` calls for `options.minutes`, each call replaced
 * when it ends, and fits the memory trend after the warm-up.
 */
export async function runCallsSoak(
  options: CallsSoakOptions,
  server: ServerSettings,
  pinning: CpuPinning,
): Promise<CallsSoakRun> {
  const soakMs = options.minutes * 60_000;
  const callMs = options.callSecs * 1000;
  const run = await runServerUnderLoad(
    {
      server,
      load: {
        calls: options.calls,
        durationMs: callMs,
        // spread the first calls over one call length (within the warm-up): the churn stays even
        rampMs: Math.min(callMs, options.warmupSecs * 1000),
        replaceCallsUntilMs: soakMs,
      },
      loadLengthMs: soakMs,
      pinning,
    },
    isSoakFinished,
  );
  const trendEndSecs = options.minutes * 60 - END_MARGIN_SECS;
  const points = memoryPoints(run.samples, SOAK_POINT_INTERVAL_SECS);
  return {
    options,
    server,
    pinning,
    baseline: run.baseline,
    points,
    trend: memoryTrend(points, options.warmupSecs, trendEndSecs),
    serverCpuFraction: cpuFractionBetween(run.samples, options.warmupSecs, trendEndSecs),
    load: run.finished.tally,
    loadCpuFraction: run.finished.cpuMicros / 1000 / run.finished.wallMs,
    serverTotals: run.serverTotals,
  };
}
