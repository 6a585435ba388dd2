import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook request the test server received. */
export interface ReceivedWebhook {
  /** Request method. */
  method: string;
  /** Request path and query. */
  path: string;
  /** Request headers (lowercase names). */
  headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  rawBody: string;
  /** The body parsed as a form. */
  form: Record<string, string>;
  /** Resolves when the connection that carried the request has closed. */
  connectionClosed: Promise<void>;
}

/** How the test server answers a webhook: a status and body, or never (to test timeouts). */
export type WebhookReply = { status: number; body: string; contentType?: string } | 'never';

/** An http server for tests on 127.0.0.1 and an ephemeral port, playing the bot's webhook. */
export interface TestWebhookServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request received, in order. */
  requests: ReceivedWebhook[];
  /** Closes the server and every connection. */
  close(): Promise<void>;
}

/** Starts an http server whose `reply` answers every request. */
export async function startTestWebhookServer(
  reply: (request: ReceivedWebhook) => WebhookReply,
): Promise<TestWebhookServer> {
  const requests: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    const connectionClosed = new Promise<void>((resolve) => {
      if (request.socket.destroyed) resolve();
      else request.socket.once('close', () => resolve());
    });
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const received: ReceivedWebhook = {
        method: request.method ?? '',
        path: request.url ?? '/',
        headers: request.headers,
        rawBody,
        form: Object.fromEntries(new URLSearchParams(rawBody)),
        connectionClosed,
      };
      requests.push(received);
      const answer = reply(received);
      if (answer === 'never') return;
      response.writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'text/xml' });
      response.end(answer.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
