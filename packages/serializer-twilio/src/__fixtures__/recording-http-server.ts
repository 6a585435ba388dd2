import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the server answers; `hang` never answers (for timeouts). */
export type RecordedResponse = { status: number; body: string } | 'hang';

/** A local HTTP server on 127.0.0.1 (ephemeral port) that records requests. */
export interface RecordingHttpServer {
  /** `http://127.0.0.1:{port}` */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a recording server answering every request with `respond(request)`. */
export async function startRecordingHttpServer(
  respond: (request: RecordedRequest) => RecordedResponse,
): Promise<RecordingHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const answer = respond(recorded);
      if (answer === 'hang') return;
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
