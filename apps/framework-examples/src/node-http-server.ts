import { createServer } from 'node:http';
import {
  consoleLogger,
  rejectDisallowedOrigin,
  rejectUpgrade,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
} from '@x/transport-core';
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
 * Plain `node:http` + `ws`: a `noServer` WebSocket server, with the upgrade handled by hand so
 * the path and origin are checked before any WebSocket exists.
 */
export async function startNodeHttpServer(
  port: number,
  host = '127.0.0.1',
  calls = new EchoCalls(),
): Promise<ExampleServer> {
  const server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
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
  const server = await startNodeHttpServer(
    portFromEnvironment(8080),
    '127.0.0.1',
    new EchoCalls(logger),
  );
  logger.info(`node:http + ws echo server: ${server.url}`);
}
