/**
 * `pnpm demo`: reads the configuration from the environment, starts the echo bot server and
 * prints where to talk to it. Ctrl+C ends calls in progress and stops.
 */
import { consoleLogger } from '@x/transport-core';
import { DemoConfigError, loadDemoConfig } from './config/demo-config.js';
import { startDemoServer } from './server/demo-server.js';
import { startupBanner } from './startup/startup-banner.js';
import { styleFor } from './startup/terminal-style.js';

/** Longest wait for calls to end after Ctrl+C, in milliseconds; a second Ctrl+C exits at once. */
const SHUTDOWN_TIMEOUT_MS = 5000;

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
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  try {
    server = await startDemoServer({ config, logger });
  } catch (error) {
    console.error(`\n${style.warning('The demo cannot start:')} ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  console.log(
    startupBanner({ config, port: server.port, providers: server.providers, warnings, style }),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log('Stopping now.');
      process.exit(130);
    }
    stopping = true;
    const calls = server.activeCalls;
    console.log(
      `\n${signal}: stopping${calls > 0 ? `, ending ${calls} call${calls === 1 ? '' : 's'}` : ''}…`,
    );
    const forceExit = setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS);
    forceExit.unref();
    server.close().then(
      () => {
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
