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
  SoakLoadFinished,
} from './ipc-messages.js';
import { type CpuTicksSample, readCpuTicks } from './proc-stat.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVER_SCRIPT = join(HERE, 'server-main.js');
const LOAD_SCRIPT = join(HERE, 'load-main.js');
/** Bound on a server process starting to listen. */
const SERVER_START_TIMEOUT_MS = 10_000;
/** Idle time before the memory baseline, so start-up garbage is collectable. */
const IDLE_BEFORE_BASELINE_MS = 1_000;
/** Bound on short answers (baseline, totals). */
const ANSWER_TIMEOUT_MS = 5_000;
/** Time allowed past the load's own length for it to report. */
const LOAD_GRACE_MS = 30_000;
/** Bound on the server closing its calls after the load ended. */
const CALLS_CLOSE_TIMEOUT_MS = 5_000;
/** Bound on a process exiting before it is killed. */
const EXIT_TIMEOUT_MS = 5_000;
/** Interval between readings of every CPU's busy time. */
const CPU_TICKS_INTERVAL_MS = 1_000;

/** What the load process reports when it is done. */
export type LoadReportMessage = LoadFinished | SoakLoadFinished;

/** One server process under one load. */
export interface ServerUnderLoadSettings {
  /** What the server runs. */
  server: ServerSettings;
  /** The load (the server's URL is added). */
  load: Omit<LoadSettings, 'url'>;
  /** How long the load runs before it reports, in milliseconds (a grace period is added). */
  loadLengthMs: number;
  /** Where server and load run. */
  pinning: CpuPinning;
  /** Write the server's V8 CPU profile into this folder, under this name. */
  cpuProfile?: { directory: string; name: string } | undefined;
  /** Node.js flags for the server, after the benchmark's own (`--expose-gc`). */
  nodeFlags?: readonly string[] | undefined;
}

/** What the server and the load reported. */
export interface ServerUnderLoadResult<Finished extends LoadReportMessage> {
  /** The server's 1 s samples, from its start to its stop. */
  samples: ServerSample[];
  /** Server memory with no call open, after a garbage collection. */
  baseline: Omit<ServerBaseline, 'type'>;
  /** The server's own counters. */
  serverTotals: Omit<ServerTotals, 'type'>;
  /** The load's report. */
  finished: Omit<Finished, 'type'>;
  /** Every CPU's busy time, read once a second while the load ran. */
  cpuTicks: CpuTicksSample[];
}

const isReady = (message: ServerMessage): message is ServerReady => message.type === 'ready';
const isBaseline = (message: ServerMessage): message is ServerBaseline =>
  message.type === 'baseline';
const isTotals = (message: ServerMessage): message is ServerTotals => message.type === 'totals';
const isSample = (message: ServerMessage): message is ServerSample => message.type === 'sample';

/**
 * Starts the server process, takes its idle memory baseline, runs the load against it from a
 * second process until that reports (`isFinished`), lets the calls close and stops the server.
 * Both processes are killed if anything fails; every wait is bounded.
 */
export async function runServerUnderLoad<Finished extends LoadReportMessage>(
  settings: ServerUnderLoadSettings,
  isFinished: (message: LoadReportMessage) => message is Finished,
): Promise<ServerUnderLoadResult<Finished>> {
  const { pinning } = settings;
  const nodeFlags = ['--expose-gc', ...(settings.nodeFlags ?? [])];
  if (settings.cpuProfile) {
    mkdirSync(settings.cpuProfile.directory, { recursive: true });
    nodeFlags.push(
      '--cpu-prof',
      `--cpu-prof-dir=${settings.cpuProfile.directory}`,
      `--cpu-prof-name=${settings.cpuProfile.name}`,
    );
  }
  const server = ChildNodeProcess.start<ServerMessage, ServerCommand>(
    SERVER_SCRIPT,
    [JSON.stringify(settings.server)],
    { cpu: pinning.serverCpu, nodeFlags },
  );
  let load: ChildNodeProcess<LoadReportMessage, never> | undefined;
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
      ...settings.load,
      url: `ws://127.0.0.1:${ready.port}${ready.path}`,
    };
    load = ChildNodeProcess.start<LoadReportMessage, never>(
      LOAD_SCRIPT,
      [JSON.stringify(loadSettings)],
      { cpu: pinning.loadCpu },
    );
    const { type: _loadType, ...finished } = await load.waitFor(
      isFinished,
      settings.loadLengthMs + LOAD_GRACE_MS,
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
    return {
      samples: server.received.filter(isSample),
      baseline,
      serverTotals,
      finished,
      cpuTicks,
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
