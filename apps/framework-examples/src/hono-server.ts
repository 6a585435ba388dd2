import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { consoleLogger, isOriginAllowed } from '@x/transport-core';
import { Hono } from 'hono';
import {
  EchoCalls,
  EXAMPLE_ALLOWED_ORIGINS,
  type ExampleServer,
  isMainModule,
  portFromEnvironment,
} from './echo-calls.js';
import { listeningExampleServer } from './listening-example-server.js';

/**
 * Hono on Node with `@hono/node-ws`: a middleware refuses other origins before the upgrade, and
 * `onOpen` hands the raw `ws` socket to the transport. (`@hono/node-ws` builds its own
 * `WebSocketServer` with `ws` defaults: set `maxPayload` by putting a proxy limit in front, or
 * use the plain `node:http` example when you need `TELEPHONY_WEBSOCKET_SERVER_OPTIONS`.)
 */
export async function startHonoServer(
  port: number,
  host = '127.0.0.1',
  calls = new EchoCalls(),
): Promise<ExampleServer> {
  const app = new Hono<{ Bindings: { incoming: import('node:http').IncomingMessage } }>();
  const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({ app });
  app.use('/media', async (context, next) => {
    if (!isOriginAllowed(context.req.header('origin'), EXAMPLE_ALLOWED_ORIGINS)) {
      return context.text('origin not allowed', 403);
    }
    await next();
  });
  app.get(
    '/media',
    upgradeWebSocket((context) => ({
      onOpen(_event, socket) {
        if (socket.raw) calls.start(socket.raw, context.env.incoming);
      },
    })),
  );
  app.get('/health', (context) => context.json({ ok: true }));
  const server = serve({ fetch: app.fetch, port, hostname: host });
  injectWebSocket(server);
  return listeningExampleServer(server, wss, calls, host);
}

if (isMainModule(import.meta.url)) {
  const logger = consoleLogger();
  const server = await startHonoServer(
    portFromEnvironment(8080),
    '127.0.0.1',
    new EchoCalls(logger),
  );
  logger.info(`Hono echo server: ${server.url}`);
}
