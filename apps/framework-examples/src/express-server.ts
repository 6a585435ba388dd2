import { createServer } from 'node:http';
import {
  consoleLogger,
  rejectDisallowedOrigin,
  rejectUpgrade,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
} from '@x/transport-core';
import express from 'express';
import { WebSocketServer } from 'ws';
import {
  EchoCalls,
  EXAMPLE_ALLOWED_ORIGINS,
  type ExampleServer,
  isMainModule,
  portFromEnvironment,
} from './echo-calls.js';
import { listeningExampleServer } from './listening-example-server.js';

/**
 * Express for HTTP routes (webhooks, health), and plain `ws` on the same `node:http` server for
 * the media WebSocket (recommended over `express-ws`, which pins ws 7).
 */
export async function startExpressServer(
  port: number,
  host = '127.0.0.1',
  calls = new EchoCalls(),
): Promise<ExampleServer> {
  const app = express();
  app.get('/health', (_request, response) => {
    response.json({ ok: true, calls: calls.active });
  });
  const server = createServer(app);
  const wss = new WebSocketServer({ noServer: true, ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS });
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/media') return rejectUpgrade(socket, 404, `no WebSocket endpoint at ${path}`);
    if (rejectDisallowedOrigin(request, socket, EXAMPLE_ALLOWED_ORIGINS)) return;
    wss.handleUpgrade(request, socket, head, (ws) => calls.start(ws, request));
  });
  server.listen(port, host);
  return listeningExampleServer(server, wss, calls, host);
}

if (isMainModule(import.meta.url)) {
  const logger = consoleLogger();
  const server = await startExpressServer(
    portFromEnvironment(8080),
    '127.0.0.1',
    new EchoCalls(logger),
  );
  logger.info(`Express + ws echo server: ${server.url}`);
}
