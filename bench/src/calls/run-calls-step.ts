import { join } from 'node:path';
import type { CpuPinning } from './cpu-pinning.js';
import type { LoadFinished, ServerBaseline, ServerSettings, ServerTotals } from './ipc-messages.js';
import { type CpuTicksSample, closestSample, cpuBusyBetween } from './proc-stat.js';
import { type LoadReportMessage, runServerUnderLoad } from './server-under-load.js';
import { type SteadyState, summarizeSteadyState } from './steady-state.js';

/** One server at one call count. */
export interface CallsStepSettings {
  /** What the server runs. */
  server: ServerSettings;
  /** Concurrent calls. */
  calls: number;
  /** Length of each call, in milliseconds. */
  durationMs: number;
  /** Spread of the call starts, in milliseconds. */
  rampMs: number;
  /** Left out of the steady state after the last call connected, in milliseconds. */
  settleMs: number;
  /** Where server and load run. */
  pinning: CpuPinning;
  /** Write the server's V8 CPU profile into this folder. */
  cpuProfileDirectory?: string | undefined;
  /** Node.js flags for the server. */
  nodeFlags?: readonly string[] | undefined;
}

/** What one step measured. */
export interface CallsStepResult {
  /** The server's settings. */
  server: ServerSettings;
  /** Calls requested. */
  calls: number;
  /** Medians over the server's steady state. */
  steady: SteadyState;
  /** Server memory with no call open, after a garbage collection. */
  baseline: Omit<ServerBaseline, 'type'>;
  /** The server's own counters. */
  serverTotals: Omit<ServerTotals, 'type'>;
  /** The simulator's report and CPU use. */
  load: Omit<LoadFinished, 'type'>;
  /** Fraction of one core the load process used over its run. */
  loadCpuFraction: number;
  /** The V8 CPU profile written, if one was asked for. */
  cpuProfile: string | undefined;
  /** How busy the cores were during the steady state (from `/proc/stat`), when known. */
  cores: CoreLoad | undefined;
}

/** How busy the two cores were over the steady state, as fractions of one core. */
export interface CoreLoad {
  /** The server's core, by anything. */
  serverCoreBusy: number;
  /** The server's core, by anything but the server (other processes: noise). */
  serverCoreOthers: number;
  /** The load's core, by anything. */
  loadCoreBusy: number;
  /** Time the hypervisor took from the server's core. */
  serverCoreSteal: number;
}

const isLoadFinished = (message: LoadReportMessage): message is LoadFinished =>
  message.type === 'load-finished';

/**
 * Starts the server process, takes its idle memory baseline, runs the simulator's load against it
 * from a second process, lets the calls close, stops the server, and summarises its steady state.
 * Both processes are killed if anything fails.
 */
export async function runCallsStep(settings: CallsStepSettings): Promise<CallsStepResult> {
  const { pinning, calls } = settings;
  const profileName = `${settings.server.kind}-${calls}-calls.cpuprofile`;
  const cpuProfile = settings.cpuProfileDirectory
    ? { directory: settings.cpuProfileDirectory, name: profileName }
    : undefined;
  const run = await runServerUnderLoad(
    {
      server: settings.server,
      load: { calls, durationMs: settings.durationMs, rampMs: settings.rampMs },
      loadLengthMs: settings.rampMs + settings.durationMs,
      pinning,
      cpuProfile,
      nodeFlags: settings.nodeFlags,
    },
    isLoadFinished,
  );
  const steady = summarizeSteadyState(run.samples, run.baseline, settings.settleMs);
  return {
    server: settings.server,
    calls,
    steady,
    baseline: run.baseline,
    serverTotals: run.serverTotals,
    load: run.finished,
    loadCpuFraction: run.finished.cpuMicros / 1000 / run.finished.wallMs,
    cpuProfile: cpuProfile ? join(cpuProfile.directory, cpuProfile.name) : undefined,
    cores: coreLoad(run.cpuTicks, steady, pinning),
  };
}

function coreLoad(
  cpuTicks: readonly CpuTicksSample[],
  steady: SteadyState,
  pinning: CpuPinning,
): CoreLoad | undefined {
  if (steady.intervals === 0) return undefined;
  const from = closestSample(cpuTicks, steady.fromMs);
  const to = closestSample(cpuTicks, steady.toMs);
  const server = cpuBusyBetween(from, to, pinning.serverCpu);
  const load = cpuBusyBetween(from, to, pinning.loadCpu);
  if (!server || !load) return undefined;
  return {
    serverCoreBusy: server.busy,
    serverCoreOthers: Math.max(0, server.busy - steady.cpuFractionMean),
    loadCoreBusy: load.busy,
    serverCoreSteal: server.steal,
  };
}
