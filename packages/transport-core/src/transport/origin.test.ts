import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LoopbackServer } from './__fixtures__/harness.js';
import { isOriginAllowed, originOf, rejectDisallowedOrigin } from './origin.js';

describe('isOriginAllowed', () => {
  it('allows every origin, and none at all, when the list is empty', () => {
    expect(isOriginAllowed('https://anything.example', [])).toBe(true);
    expect(isOriginAllowed(undefined, [])).toBe(true);
  });

  it('matches listed origins exactly, ignoring case and a trailing slash in the list', () => {
    const allowed = ['https://app.example.com/', 'http://localhost:3000'];
    expect(isOriginAllowed('https://app.example.com', allowed)).toBe(true);
    expect(isOriginAllowed('HTTPS://APP.EXAMPLE.COM', allowed)).toBe(true);
    expect(isOriginAllowed('http://localhost:3000', allowed)).toBe(true);
    expect(isOriginAllowed('https://app.example.com.evil.example', allowed)).toBe(false);
    expect(isOriginAllowed('https://sub.app.example.com', allowed)).toBe(false);
    expect(isOriginAllowed('http://localhost:3001', allowed)).toBe(false);
  });

  it('lets requests without an Origin through (telephony) unless told otherwise', () => {
    const allowed = ['https://app.example.com'];
    expect(isOriginAllowed(undefined, allowed)).toBe(true);
    expect(isOriginAllowed('', allowed)).toBe(true);
    expect(isOriginAllowed(undefined, allowed, { allowMissingOrigin: false })).toBe(false);
  });

  it('reads the Origin header whatever its case', () => {
    expect(originOf({ headers: { Origin: 'https://a.example' } })).toBe('https://a.example');
    expect(originOf({ headers: {} })).toBeUndefined();
  });
});

describe('rejectDisallowedOrigin in an upgrade handler', () => {
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function serverWithOriginCheck(): Promise<string> {
    const server = new LoopbackServer();
    servers.push(server);
    server.http.removeAllListeners('upgrade');
    server.http.on('upgrade', (request, socket, head) => {
      if (rejectDisallowedOrigin(request, socket, ['https://app.example.com'])) return;
      server.wss.handleUpgrade(request, socket, head, (ws) => ws.close(1000));
    });
    return server.listen();
  }

  it('answers 403 naming the origin, before any WebSocket exists', async () => {
    const url = await serverWithOriginCheck();
    const client = new WebSocket(url, { headers: { Origin: 'https://evil.example' } });
    client.on('error', () => {});
    const [, response] = await once(client, 'unexpected-response');
    expect(response.statusCode).toBe(403);
    let body = '';
    for await (const chunk of response) body += chunk;
    expect(body).toContain("origin 'https://evil.example' not allowed");
  });

  it('lets an allowed origin and a request without Origin upgrade', async () => {
    const url = await serverWithOriginCheck();
    for (const headers of [{ Origin: 'https://app.example.com' }, {}]) {
      const client = new WebSocket(url, { headers });
      await once(client, 'open');
      await once(client, 'close');
    }
  });
});
