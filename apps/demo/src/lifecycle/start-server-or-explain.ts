import { type DemoServer, type DemoServerOptions, startDemoServer } from '../server/demo-server.js';
import type { TerminalStyle } from '../startup/terminal-style.js';

/**
 * Starts the demo server; when it cannot start (port taken, softphone not built, VAD engine
 * unavailable), prints why and what to do, and returns `undefined`.
 */
export async function startServerOrExplain(
  options: DemoServerOptions,
  style: TerminalStyle,
): Promise<DemoServer | undefined> {
  try {
    return await startDemoServer(options);
  } catch (error) {
    console.error(`\n${style.warning('The demo cannot start:')} ${(error as Error).message}\n`);
    return undefined;
  }
}
