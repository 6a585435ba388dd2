import cluster, { type Worker } from 'node:cluster';
import type { LoadedDemoConfig } from '../config/demo-config.js';
import { demoProviders } from '../providers/demo-providers.js';
import { startupBanner } from '../startup/startup-banner.js';
import type { TerminalStyle } from '../startup/terminal-style.js';
import { messageOfType } from './cluster-messages.js';
import { channelToWorker, type IpcChannel } from './ipc-channel.js';
import { RestartBackoff } from './restart-backoff.js';
import { WorkerMetricsRelay } from './worker-metrics-relay.js';

/**
 * Time the primary gives its workers past `DRAIN_TIMEOUT` before it kills them and exits 1, in
 * milliseconds: more than each worker's own bound (goodbye, hang-up, close, and its slack).
 */
const WORKERS_DRAIN_SLACK_MS = 30_000;
/** Exit code of a second Ctrl+C (128 + SIGINT), as shells report an interrupted program. */
const STOPPED_AT_ONCE_EXIT_CODE = 130;
const MILLISECONDS_PER_SECOND = 1000;

/** Options of `runClusterPrimary`. */
export interface ClusterPrimaryOptions {
  /** The configuration (`config.workers` > 1) and the advice the banner shows. */
  loaded: LoadedDemoConfig;
  /** Styling of the banner. */
  style: TerminalStyle;
  /** When to replace a worker that died; default `new RestartBackoff()`. */
  restarts?: RestartBackoff;
}

/** What the primary knows of one worker. */
interface WorkerState {
  readonly worker: Worker;
  readonly channel: IpcChannel;
  /** When it was forked (`Date.now()`). */
  readonly forkedAtMs: number;
  /** Its IPC listener is attached: a `demo:drain` sent now reaches it. */
  ready: boolean;
  /** It listens on the port. */
  serving: boolean;
  /** It drains (asked by the primary, or on a signal of its own): its exit is on purpose. */
  draining: boolean;
}

/**
 * The cluster primary of `WORKERS` > 1. It serves nothing: it forks the workers (each runs the
 * demo on the same port; `node:cluster` hands them connections in turn), prints the banner once
 * all of them listen, relays `/metrics` scrapes between them, and replaces a worker that dies
 * without having drained (after a growing delay, never in a tight loop). A worker that drained,
 * on a signal of its own, is not replaced. SIGTERM or Ctrl+C asks every worker to drain and
 * exits once all have exited: 0, or 1 if one failed. A second signal kills them and exits at
 * once. If a first worker cannot start, the others are stopped and the primary exits 1.
 */
export function runClusterPrimary(options: ClusterPrimaryOptions): void {
  const { config, warnings } = options.loaded;
  const { style } = options;
  const restarts = options.restarts ?? new RestartBackoff();
  const states = new Map<number, WorkerState>();
  const restartTimers = new Set<NodeJS.Timeout>();
  const relay = new WorkerMetricsRelay({
    workers: () =>
      [...states.values()]
        .filter((state) => state.serving && state.worker.isConnected())
        .map((state) => ({ id: state.worker.id, channel: state.channel })),
  });
  /** Every first worker listened and the banner was printed. */
  let started = false;
  /** The signal the workers were asked to drain on, once the primary stops. */
  let stopSignal: NodeJS.Signals | undefined;
  let signalled = false;
  let failed = false;

  const nameOf = (worker: Worker) => `Worker ${worker.id} (pid ${worker.process.pid})`;

  const fork = (): WorkerState => {
    const worker = cluster.fork();
    const state: WorkerState = {
      worker,
      channel: channelToWorker(worker),
      forkedAtMs: Date.now(),
      ready: false,
      serving: false,
      draining: false,
    };
    states.set(worker.id, state);
    worker.on('error', (error: Error) => {
      console.error(`${nameOf(worker)}: IPC error: ${error.message}`);
    });
    worker.on('message', (message: unknown) => onMessage(state, message));
    return state;
  };

  const onMessage = (state: WorkerState, message: unknown) => {
    if (relay.handle({ id: state.worker.id, channel: state.channel }, message)) return;
    if (messageOfType(message, 'demo:ready')) {
      state.ready = true;
      if (stopSignal !== undefined) state.channel.send({ type: 'demo:drain', signal: stopSignal });
    } else if (messageOfType(message, 'demo:draining')) {
      // It says why itself; a signal sent to the process group reaches it before the primary.
      state.draining = true;
    }
  };

  const exitOnceNoWorkerIsLeft = () => {
    if (states.size > 0 || restartTimers.size > 0) return;
    console.log(failed ? 'Stopped; a worker failed (see above).' : 'All workers stopped.');
    process.exit(failed ? 1 : 0);
  };

  const stopAll = (signal: NodeJS.Signals, why: string) => {
    if (stopSignal !== undefined) return;
    stopSignal = signal;
    for (const timer of restartTimers) clearTimeout(timer);
    restartTimers.clear();
    console.log(why);
    for (const state of states.values()) {
      if (state.ready) state.channel.send({ type: 'demo:drain', signal });
    }
    const giveUp = setTimeout(() => {
      console.error('The workers took too long to drain; stopping them.');
      for (const state of states.values()) state.worker.process.kill('SIGKILL');
      process.exit(1);
    }, config.limits.drainTimeoutMs + WORKERS_DRAIN_SLACK_MS);
    giveUp.unref();
    exitOnceNoWorkerIsLeft();
  };

  const replace = (state: WorkerState, how: string) => {
    const uptimeMs = Date.now() - state.forkedAtMs;
    const delayMs = restarts.delayAfterDeathMs(uptimeMs);
    console.error(
      `${nameOf(state.worker)} exited unexpectedly (${how}) after ${(uptimeMs / MILLISECONDS_PER_SECOND).toFixed(1)} s; a replacement starts in ${delayMs / MILLISECONDS_PER_SECOND} s.`,
    );
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (stopSignal !== undefined) return;
      const next = fork();
      console.log(`${nameOf(next.worker)} replaces worker ${state.worker.id}.`);
    }, delayMs);
    restartTimers.add(timer);
  };

  cluster.on('listening', (worker, address) => {
    const state = states.get(worker.id);
    if (state === undefined) return;
    state.serving = true;
    if (started) {
      console.log(`${nameOf(worker)} is serving.`);
      return;
    }
    const serving = [...states.values()].filter((each) => each.serving);
    if (serving.length < config.workers || stopSignal !== undefined) return;
    started = true;
    console.log(
      `\n  ${config.workers} workers serve port ${address.port}: ${serving.map((each) => nameOf(each.worker).toLowerCase()).join(', ')}`,
    );
    console.log(
      startupBanner({
        config,
        port: address.port,
        providers: demoProviders(config),
        warnings,
        style,
      }),
    );
  });

  cluster.on('exit', (worker, code, signal) => {
    const state = states.get(worker.id);
    if (state === undefined) return;
    states.delete(worker.id);
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const clean = code === 0 && !signal;
    const stopping = stopSignal !== undefined;
    if (!clean && (stopping || state.draining || !started)) failed = true;
    if (stopping) {
      if (!clean) console.error(`${nameOf(worker)} exited with ${how} while draining.`);
      exitOnceNoWorkerIsLeft();
    } else if (!started) {
      failed = true;
      stopAll('SIGTERM', `${nameOf(worker)} could not start (${how}); stopping the others.`);
    } else if (state.draining) {
      const log = clean ? console.log : console.error;
      log(
        `${nameOf(worker)} drained and exited (${how}); it is not replaced: ${states.size} of ${config.workers} workers serve.`,
      );
      exitOnceNoWorkerIsLeft();
    } else {
      replace(state, how);
    }
  });

  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      console.log('Stopping now.');
      for (const state of states.values()) state.worker.process.kill('SIGKILL');
      process.exit(STOPPED_AT_ONCE_EXIT_CODE);
    }
    signalled = true;
    stopAll(
      signal,
      `\n${signal}: draining ${states.size} worker${states.size === 1 ? '' : 's'}… (Ctrl+C again stops at once)`,
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  for (let index = 0; index < config.workers; index++) fork();
}
