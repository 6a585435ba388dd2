/**
 * `pnpm demo`: reads the configuration from the environment, starts the echo bot on the server
 * kit and prints where to talk to it. SIGTERM or Ctrl+C drains: calls in progress may finish for up to
 * `DRAIN_TIMEOUT` seconds, then the bot ends the rest (goodbye, hang-up, close) and the process
 * exits 0. A second Ctrl+C exits at once.
 */
import { consoleLogger } from '@x/transport-core';
import { DemoConfigError, loadDemoConfig } from './config/demo-config.js';
import { type DemoServer, startDemoServer } from './server/demo-server.js';
import { startupBanner } from './startup/startup-banner.js';
import { styleFor } from './startup/terminal-style.js';

/**
 * Slack past the drain's own bounds before the process gives up waiting and exits with 1, in
 * milliseconds: only reached if something unbounded is left (every step of the drain is bounded).
 */
const FORCED_EXIT_SLACK_MS = 5_000;

async function main(): Promise<void> {
  const style = styleFor(process.stdout, process.env);
  let loaded: ReturnType<typeof loadDemoConfig>;
  try {
    loaded = loadDemoConfig(process.env);
  } catch (error) {
    if (error instanceof DemoConfigError) {
      console.error(
        `\n${style.warning('The demo cannot start: fix these settings and try again.')}`,
      );
      for (const problem of error.problems) console.error(`  - ${problem}`);
      console.error(`\nEvery setting is described in apps/demo/README.md.\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const { config, warnings } = loaded;
  const logger = consoleLogger({ level: config.logLevel });
  let demo: DemoServer;
  try {
    demo = await startDemoServer({ config, logger });
  } catch (error) {
    console.error(`\n${style.warning('The demo cannot start:')} ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  console.log(
    startupBanner({ config, port: demo.port, providers: demo.providers, warnings, style }),
  );
  const server = demo.telephony;

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log('Stopping now.');
      process.exit(130);
    }
    stopping = true;
    const calls = server.activeCalls;
    const { drainTimeoutMs, endOfCallTimeoutMs } = server.limits;
    console.log(
      `\n${signal}: draining${
        calls > 0
          ? `: ${calls} call${calls === 1 ? '' : 's'} may finish within ${drainTimeoutMs / 1000} s, then the bot says goodbye`
          : ''
      }… (Ctrl+C again stops at once)`,
    );
    const forceExit = setTimeout(
      () => {
        console.error('Draining took too long; exiting.');
        process.exit(1);
      },
      drainTimeoutMs + endOfCallTimeoutMs + FORCED_EXIT_SLACK_MS,
    );
    forceExit.unref();
    server.drain().then(
      (outcome) => {
        if (outcome.callsAtStart > 0) {
          console.log(
            `Drained in ${(outcome.durationMs / 1000).toFixed(1)} s: ${outcome.callsAtStart - outcome.endedByServer} of ${outcome.callsAtStart} calls finished by themselves, ${outcome.endedByServer} ended with a goodbye${outcome.cancelled > 0 ? `, ${outcome.cancelled} cut off` : ''}.`,
          );
        }
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
