import type { DelayPercentiles, ServerBaseline, ServerSample } from './ipc-messages.js';
import { latencySummary } from './latency-summary.js';

/** Median of `values` (0 when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Medians of each second's p50 and p99, and the largest max. */
export interface SteadyPercentiles {
  p50: number;
  p99: number;
  max: number;
}

/** Medians over the steady state of one server at one call count. */
export interface SteadyState {
  /** Calls open during the steady state. */
  calls: number;
  /** Sample intervals in the steady state (one per second). */
  intervals: number;
  /** Start and end of the steady state (epoch ms); 0 when there is none. */
  fromMs: number;
  toMs: number;
  /** Median fraction of one core used by the server. */
  cpuFraction: number;
  /** Mean fraction of one core used by the server over the whole steady state. */
  cpuFractionMean: number;
  /** Server CPU per call, in milliseconds of CPU per second of call. */
  cpuMsPerCallSecond: number;
  /** Median memory above the idle baseline, per call, in bytes. */
  rssBytesPerCall: number;
  heapBytesPerCall: number;
  externalBytesPerCall: number;
  /** Event-loop delay beyond the monitor's resolution. */
  loopDelayMs: SteadyPercentiles;
  /** Inbound latency (pipeline only). */
  inboundLatencyMs: SteadyPercentiles | undefined;
  /** Outbound pacing as the server sent it. */
  sendJitterMs: SteadyPercentiles;
  /** Late sends (an ideal client's underruns) over the whole steady state. */
  lateSends: number;
  /** Late sends per call per minute. */
  lateSendsPerCallMinute: number;
  /** Late sends over the server's whole life (ramp, steady state and hang-ups). */
  lateSendsWholeRun: number;
  /** Involuntary context switches of the server per second (the OS gave its core to others). */
  involuntarySwitchesPerSecond: number;
  /**
   * Pipeline only: interruption → `clear` latency over every interruption of the steady state
   * (from the caller media message that made the VAD start to the `clear` handed to the socket).
   */
  clearLatencyMs?: DelayPercentiles | undefined;
  /** Pipeline only: VAD speech starts in the steady state. */
  speechStarts?: number | undefined;
  /** Pipeline only: `clear` messages sent in the steady state. */
  clears?: number | undefined;
}

function steadyPercentiles(values: readonly DelayPercentiles[]): SteadyPercentiles {
  const measured = values.filter((value) => value.count > 0);
  return {
    p50: median(measured.map((value) => value.p50)),
    p99: median(measured.map((value) => value.p99)),
    max: Math.max(0, ...measured.map((value) => value.max)),
  };
}

/**
 * The sample pairs (one per interval) where every call that would connect was open and settled:
 * they start at least `settleMs` after the most calls were first open, and end before the first
 * call closed.
 */
export function steadyIntervals(
  samples: readonly ServerSample[],
  settleMs: number,
): { calls: number; intervals: [from: ServerSample, to: ServerSample][] } {
  const peak = Math.max(0, ...samples.map((sample) => sample.activeCalls));
  const reached = samples.find((sample) => sample.activeCalls === peak);
  if (!reached || peak === 0) return { calls: 0, intervals: [] };
  const intervals: [ServerSample, ServerSample][] = [];
  for (let index = 1; index < samples.length; index++) {
    const from = samples[index - 1]!;
    const to = samples[index]!;
    if (from.atMs < reached.atMs + settleMs) continue;
    if (to.closedCalls !== reached.closedCalls || to.activeCalls < peak) break;
    intervals.push([from, to]);
  }
  return { calls: peak, intervals };
}

/** Medians of the steady state, memory per call above `baseline`. */
export function summarizeSteadyState(
  samples: readonly ServerSample[],
  baseline: Omit<ServerBaseline, 'type'>,
  settleMs: number,
): SteadyState {
  const { calls, intervals } = steadyIntervals(samples, settleMs);
  const ends = intervals.map(([, to]) => to);
  const perCall = (bytes: number): number => (calls > 0 ? bytes / calls : 0);
  const cpuFraction = median(
    intervals.map(([from, to]) => (to.cpuMicros - from.cpuMicros) / 1000 / (to.atMs - from.atMs)),
  );
  const fromMs = intervals[0]?.[0].atMs ?? 0;
  const toMs = intervals[intervals.length - 1]?.[1].atMs ?? 0;
  const seconds = (toMs - fromMs) / 1000;
  const lateSends = ends.reduce((sum, sample) => sum + sample.sendTiming.lateSends, 0);
  const switches =
    intervals.length === 0
      ? 0
      : intervals[intervals.length - 1]![1].involuntaryContextSwitches -
        intervals[0]![0].involuntaryContextSwitches;
  const inbound = ends
    .map((sample) => sample.inboundLatencyMs)
    .filter((latency): latency is DelayPercentiles => latency !== undefined);
  const interruptions = ends.flatMap((sample) =>
    sample.interruptions ? [sample.interruptions] : [],
  );
  const measuresInterruptions = samples.some((sample) => sample.interruptions !== undefined);
  return {
    calls,
    intervals: intervals.length,
    fromMs,
    toMs,
    cpuFraction,
    cpuFractionMean:
      intervals.length === 0
        ? 0
        : (intervals[intervals.length - 1]![1].cpuMicros - intervals[0]![0].cpuMicros) /
          1000 /
          (toMs - fromMs),
    cpuMsPerCallSecond: calls > 0 ? (cpuFraction * 1000) / calls : 0,
    rssBytesPerCall: perCall(median(ends.map((sample) => sample.rssBytes)) - baseline.rssBytes),
    heapBytesPerCall: perCall(
      median(ends.map((sample) => sample.heapUsedBytes)) - baseline.heapUsedBytes,
    ),
    externalBytesPerCall: perCall(
      median(ends.map((sample) => sample.externalBytes)) - baseline.externalBytes,
    ),
    loopDelayMs: steadyPercentiles(ends.map((sample) => sample.loopDelayMs)),
    inboundLatencyMs: inbound.length === 0 ? undefined : steadyPercentiles(inbound),
    sendJitterMs: steadyPercentiles(ends.map((sample) => sample.sendTiming.jitterMs)),
    lateSends,
    lateSendsPerCallMinute: calls > 0 && seconds > 0 ? lateSends / calls / (seconds / 60) : 0,
    lateSendsWholeRun: samples.reduce((sum, sample) => sum + sample.sendTiming.lateSends, 0),
    involuntarySwitchesPerSecond: seconds > 0 ? switches / seconds : 0,
    clearLatencyMs: measuresInterruptions
      ? latencySummary(interruptions.flatMap((sample) => sample.clearLatenciesMs))
      : undefined,
    speechStarts: measuresInterruptions
      ? interruptions.reduce((sum, sample) => sum + sample.speechStarts, 0)
      : undefined,
    clears: measuresInterruptions
      ? interruptions.reduce((sum, sample) => sum + sample.clears, 0)
      : undefined,
  };
}
