import cluster from 'node:cluster';
import { consoleLogger } from '@x/transport-core';
import type { DemoConfig } from '../config/demo-config.js';
import { drainOnSignals, type SignalDrain } from '../lifecycle/drain-on-signals.js';
import { startServerOrExplain } from '../lifecycle/start-server-or-explain.js';
import type { DemoServer } from '../server/demo-server.js';
import type { TerminalStyle } from '../startup/terminal-style.js';
import { messageOfType } from './cluster-messages.js';
import { clusterMetricsEndpoint } from './cluster-metrics-endpoint.js';
import { channelToPrimary } from './ipc-channel.js';
import { reportOwnMetrics } from './report-own-metrics.js';

/**
 * One worker of `WORKERS` > 1: serves the demo on the shared port (the primary hands it
 * connections), answers `/metrics` with every worker's metrics, and drains on SIGTERM, on
 * Ctrl+C or when the primary asks (`demo:drain`), telling the primary it does so
 * (`demo:draining`) so its exit is not mistaken for a crash. Exits 1 when it cannot start.
 */
export async function runClusterWorker(config: DemoConfig, style: TerminalStyle): Promise<void> {
  const id = cluster.worker?.id ?? 0;
  const channel = channelToPrimary(process);
  let demo: DemoServer | undefined;
  let drain: SignalDrain | undefined;
  let drainAskedBeforeStart: NodeJS.Signals | undefined;
  channel.onMessage((message) => {
    const request = messageOfType(message, 'demo:drain');
    if (request === undefined) return;
    if (drain === undefined) drainAskedBeforeStart ??= request.signal;
    else drain.start(request.signal);
  });
  reportOwnMetrics(channel, () => demo?.telephony.renderMetrics() ?? '');
  channel.send({ type: 'demo:ready' });

  demo = await startServerOrExplain(
    {
      config,
      logger: consoleLogger({ level: config.logLevel, bindings: { worker: id } }),
      metricsEndpoint: clusterMetricsEndpoint({ channel }),
    },
    style,
  );
  if (demo === undefined) process.exit(1);
  drain = drainOnSignals({
    server: demo.telephony,
    linePrefix: `worker ${id}: `,
    onDrainStart: () => channel.send({ type: 'demo:draining' }),
  });
  if (drainAskedBeforeStart !== undefined) drain.start(drainAskedBeforeStart);
}
