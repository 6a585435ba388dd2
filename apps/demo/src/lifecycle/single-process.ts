import { consoleLogger } from '@x/transport-core';
import type { LoadedDemoConfig } from '../config/demo-config.js';
import { startupBanner } from '../startup/startup-banner.js';
import type { TerminalStyle } from '../startup/terminal-style.js';
import { drainOnSignals } from './drain-on-signals.js';
import { startServerOrExplain } from './start-server-or-explain.js';

/**
 * The demo in one process (`WORKERS=1`): starts the server, prints the banner, drains on
 * SIGTERM or Ctrl+C. Sets `process.exitCode` to 1 when the server cannot start.
 */
export async function runSingleProcess(
  loaded: LoadedDemoConfig,
  style: TerminalStyle,
): Promise<void> {
  const { config, warnings } = loaded;
  const logger = consoleLogger({ level: config.logLevel });
  const demo = await startServerOrExplain({ config, logger }, style);
  if (demo === undefined) {
    process.exitCode = 1;
    return;
  }
  console.log(
    startupBanner({ config, port: demo.port, providers: demo.providers, warnings, style }),
  );
  drainOnSignals({ server: demo.telephony });
}
