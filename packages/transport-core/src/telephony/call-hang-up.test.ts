import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CallHangUp, type CallHangUpOptions } from './call-hang-up.js';

interface RecordedRequest {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  body: string;
}

let server: Server | undefined;

async function startApi(
  answer: (request: IncomingMessage, response: import('node:http').ServerResponse) => void,
): Promise<{ baseUrl: string; requests: RecordedRequest[] }> {
  const requests: RecordedRequest[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        body,
      });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, requests };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function hangUpTo(baseUrl: string, overrides: Partial<CallHangUpOptions> = {}): CallHangUp {
  return new CallHangUp({
    request: {
      url: `${baseUrl}/calls/CA1/hangup`,
      method: 'POST',
      headers: { authorization: 'Bearer key', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Status=completed',
    },
    successStatuses: [200],
    isAlreadyEnded: (status, body) => status === 404 && body.includes('20404'),
    ...overrides,
  });
}

describe('CallHangUp', () => {
  it('sends the request once, with method, path, auth and body, and reports success', async () => {
    const api = await startApi((_request, response) => response.writeHead(200).end('{}'));
    const hangUp = hangUpTo(api.baseUrl);
    expect(await hangUp.hangUp()).toBe('hung-up');
    expect(await hangUp.hangUp()).toBe('skipped');
    expect(api.requests).toEqual([
      {
        method: 'POST',
        url: '/calls/CA1/hangup',
        authorization: 'Bearer key',
        body: 'Status=completed',
      },
    ]);
  });

  it('treats the provider saying the call already ended as success', async () => {
    const api = await startApi((_request, response) =>
      response.writeHead(404).end('{"code":20404,"message":"not found"}'),
    );
    expect(await hangUpTo(api.baseUrl).hangUp()).toBe('already-ended');
  });

  it('reports other statuses as failures without throwing', async () => {
    const api = await startApi((_request, response) => response.writeHead(500).end('boom'));
    expect(await hangUpTo(api.baseUrl).hangUp()).toBe('failed');
  });

  it('gives up after the timeout when the provider does not answer', async () => {
    const api = await startApi(() => {
      /* never answers */
    });
    expect(await hangUpTo(api.baseUrl, { timeoutMs: 50 }).hangUp()).toBe('timeout');
    expect(api.requests).toHaveLength(1);
  });

  it('reports a network failure as failed', async () => {
    const failingFetch = async (): Promise<Response> => {
      throw new TypeError('fetch failed');
    };
    expect(await hangUpTo('http://127.0.0.1:1', { fetch: failingFetch }).hangUp()).toBe('failed');
  });
});
