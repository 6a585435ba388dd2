/**
 * `pnpm demo`: reads the configuration from the environment, starts the echo bot on the server
 * kit and prints where to talk to it. SIGTERM or Ctrl+C drains: calls in progress may finish for up to
 * `DRAIN_TIMEOUT` seconds, then the bot ends the rest (goodbye, hang-up, close) and the process
 * exits 0. A second Ctrl+C exits at once. With `WORKERS` > 1 this process is the cluster primary
 * and forks that many workers, each running the demo on the same port.
 */
import cluster from 'node:cluster';
import { runClusterPrimary } from './cluster/cluster-primary.js';
import { runClusterWorker } from './cluster/cluster-worker.js';
import { loadConfigOrExplain } from './lifecycle/load-config-or-explain.js';
import { runSingleProcess } from './lifecycle/single-process.js';
import { styleFor } from './startup/terminal-style.js';

async function main(): Promise<void> {
  const style = styleFor(process.stdout, process.env);
  const loaded = loadConfigOrExplain(process.env, style);
  if (loaded === undefined) {
    // A worker stays alive while its IPC channel is open, so it exits explicitly.
    if (cluster.isWorker) process.exit(1);
    process.exitCode = 1;
    return;
  }
  if (cluster.isWorker) await runClusterWorker(loaded.config, style);
  else if (loaded.config.workers > 1) runClusterPrimary({ loaded, style });
  else await runSingleProcess(loaded, style);
}

await main();
