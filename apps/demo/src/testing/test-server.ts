import { consoleLogger, silentLogger } from '@x/transport-core';
import { loadDemoConfig } from '../config/demo-config.js';
import { type DemoServer, type DemoServerOptions, startDemoServer } from '../server/demo-server.js';

/**
 * Starts the demo server on 127.0.0.1 with an ephemeral port and the given environment
 * variables. Logs stay silent unless `DEMO_TEST_LOG_LEVEL` is set (e.g. `debug`).
 */
export async function startTestServer(
  environment: Record<string, string> = {},
  options: Omit<DemoServerOptions, 'config'> = {},
): Promise<DemoServer> {
  const { config } = loadDemoConfig({ PORT: '0', HOST: '127.0.0.1', ...environment });
  const level = process.env.DEMO_TEST_LOG_LEVEL;
  const logger =
    level === 'debug' || level === 'info' || level === 'warn' || level === 'error'
      ? consoleLogger({ level })
      : silentLogger;
  return startDemoServer({ config, logger, ...options });
}

/** The server's WebSocket URL for `path`. */
export function socketUrl(server: DemoServer, path: string): string {
  return `${server.url.replace(/^http/, 'ws')}${path}`;
}
