import fastifyWebsocket from '@fastify/websocket';
import {
  consoleLogger,
  startHeartbeat,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
} from '@x/transport-core';
import Fastify from 'fastify';
import { EchoCalls, type ExampleServer, isMainModule, portFromEnvironment } from './echo-calls.js';

/**
 * Fastify with `@fastify/websocket`: the route handler receives the `ws` socket and starts the
 * call synchronously; the transport checks the origin from the request it is given.
 */
export async function startFastifyServer(
  port: number,
  host = '127.0.0.1',
  calls = new EchoCalls(),
): Promise<ExampleServer> {
  const app = Fastify();
  await app.register(fastifyWebsocket, { options: { ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS } });
  app.get('/media', { websocket: true }, (socket, request) => {
    calls.start(socket, request.raw);
  });
  app.get('/health', async () => ({ ok: true }));
  await app.listen({ port, host });
  const stopHeartbeat = startHeartbeat(app.websocketServer);
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    port: actualPort,
    url: `ws://${host}:${actualPort}/media`,
    calls,
    async close() {
      stopHeartbeat();
      await calls.cancelAll();
      await app.close();
    },
  };
}

if (isMainModule(import.meta.url)) {
  const logger = consoleLogger();
  const server = await startFastifyServer(
    portFromEnvironment(8080),
    '127.0.0.1',
    new EchoCalls(logger),
  );
  logger.info(`Fastify echo server: ${server.url}`);
}
