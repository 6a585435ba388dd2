import { DemoConfigError, type LoadedDemoConfig, loadDemoConfig } from '../config/demo-config.js';
import type { TerminalStyle } from '../startup/terminal-style.js';

/**
 * Reads the configuration from `environment`; when a setting is invalid, prints every problem
 * (each naming its variable) and where the settings are described, and returns `undefined`.
 */
export function loadConfigOrExplain(
  environment: NodeJS.ProcessEnv,
  style: TerminalStyle,
): LoadedDemoConfig | undefined {
  try {
    return loadDemoConfig(environment);
  } catch (error) {
    if (!(error instanceof DemoConfigError)) throw error;
    console.error(`\n${style.warning('The demo cannot start: fix these settings and try again.')}`);
    for (const problem of error.problems) console.error(`  - ${problem}`);
    console.error(`\nEvery setting is described in apps/demo/README.md.\n`);
    return undefined;
  }
}
