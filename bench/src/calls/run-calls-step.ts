import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ChildNodeProcess } from './child-node-process.js';
import type { CpuPinning } from './cpu-pinning.js';
import type {
  LoadFinished,
  LoadSettings,
  ServerBaseline,
  ServerCommand,
  ServerMessage,
  ServerReady,
  ServerSample,
  ServerSettings,
  ServerTotals,
} from './ipc-messages.js';
import { type CpuTicksSample, closestSample, cpuBusyBetween, readCpuTicks } from './proc-stat.js';
import { type SteadyState, summarizeSteadyState } from './steady-state.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVER_SCRIPT = join(HERE, 'server-main.js');
const LOAD_SCRIPT = join(HERE, 'load-main.js');
/** Bound on a server process starting to listen. */
const SERVER_START_TIMEOUT_MS = 10_000;
/** Idle time before the memory baseline, so start-up garbage is collectable. */
const IDLE_BEFORE_BASELINE_MS = 1_000;
/** Bound on short answers (baseline, totals). */
const ANSWER_TIMEOUT_MS = 5_000;
/** Time allowed past ramp + duration for the load to report. */
const LOAD_GRACE_MS = 30_000;
/** Bound on the server closing its calls after the load ended. */
const CALLS_CLOSE_TIMEOUT_MS = 5_000;
/** Bound on a process exiting before it is killed. */
const EXIT_TIMEOUT_MS = 5_000;
/** Interval between readings of every CPU's busy time. */
const CPU_TICKS_INTERVAL_MS = 1_000;

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

const isReady = (message: ServerMessage): message is ServerReady => message.type === 'ready';
const isBaseline = (message: ServerMessage): message is ServerBaseline =>
  message.type === 'baseline';
const isTotals = (message: ServerMessage): message is ServerTotals => message.type === 'totals';
const isSample = (message: ServerMessage): message is ServerSample => message.type === 'sample';
const isLoadFinished = (message: LoadFinished): message is LoadFinished =>
  message.type === 'load-finished';

/**
 * Starts the server process, takes its idle memory baseline, runs the simulator's load against it
 * from a second process, lets the calls close, stops the server, and summarises its steady state.
 * Both processes are killed if anything fails.
 */
export async function runCallsStep(settings: CallsStepSettings): Promise<CallsStepResult> {
  const { pinning, calls } = settings;
  const nodeFlags = ['--expose-gc'];
  let cpuProfile: string | undefined;
  if (settings.cpuProfileDirectory) {
    mkdirSync(settings.cpuProfileDirectory, { recursive: true });
    const name = `${settings.server.kind}-${calls}-calls.cpuprofile`;
    cpuProfile = join(settings.cpuProfileDirectory, name);
    nodeFlags.push(
      '--cpu-prof',
      `--cpu-prof-dir=${settings.cpuProfileDirectory}`,
      `--cpu-prof-name=${name}`,
    );
  }
  const server = ChildNodeProcess.start<ServerMessage, ServerCommand>(
    SERVER_SCRIPT,
    [JSON.stringify(settings.server)],
    { cpu: pinning.serverCpu, nodeFlags },
  );
  let load: ChildNodeProcess<LoadFinished, never> | undefined;
  const cpuTicks: CpuTicksSample[] = [];
  const cpuTicksTimer = setInterval(() => {
    const ticks = readCpuTicks();
    if (ticks) cpuTicks.push(ticks);
  }, CPU_TICKS_INTERVAL_MS);
  try {
    const ready = await server.waitFor(
      isReady,
      SERVER_START_TIMEOUT_MS,
      'the server ready message',
    );
    await sleep(IDLE_BEFORE_BASELINE_MS);
    server.send({ type: 'baseline' });
    const { type: _baselineType, ...baseline } = await server.waitFor(
      isBaseline,
      ANSWER_TIMEOUT_MS,
      'the memory baseline',
    );
    const loadSettings: LoadSettings = {
      url: `ws://127.0.0.1:${ready.port}${ready.path}`,
      calls,
      durationMs: settings.durationMs,
      rampMs: settings.rampMs,
    };
    load = ChildNodeProcess.start<LoadFinished, never>(
      LOAD_SCRIPT,
      [JSON.stringify(loadSettings)],
      {
        cpu: pinning.loadCpu,
      },
    );
    const { type: _loadType, ...finished } = await load.waitFor(
      isLoadFinished,
      settings.rampMs + settings.durationMs + LOAD_GRACE_MS,
      'the load report',
    );
    await load.stop(EXIT_TIMEOUT_MS);
    await waitForCallsClosed(server);
    server.send({ type: 'stop' });
    const { type: _totalsType, ...serverTotals } = await server.waitFor(
      isTotals,
      ANSWER_TIMEOUT_MS,
      'the server totals',
    );
    await server.stop(EXIT_TIMEOUT_MS);
    const samples = server.received.filter(isSample);
    const steady = summarizeSteadyState(samples, baseline, settings.settleMs);
    return {
      server: settings.server,
      calls,
      steady,
      baseline,
      serverTotals,
      load: finished,
      loadCpuFraction: finished.cpuMicros / 1000 / finished.wallMs,
      cpuProfile,
      cores: coreLoad(cpuTicks, steady, pinning),
    };
  } finally {
    clearInterval(cpuTicksTimer);
    await load?.stop(0);
    await server.stop(0);
  }
}

async function waitForCallsClosed(server: ChildNodeProcess<ServerMessage, ServerCommand>) {
  const deadline = performance.now() + CALLS_CLOSE_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const samples = server.received.filter(isSample);
    const last = samples[samples.length - 1];
    if (last && last.activeCalls === 0) return;
    await sleep(250);
  }
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
