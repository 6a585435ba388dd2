import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelFrame, EndFrame, silentLogger } from '@x/transport-core';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureText } from './__fixtures__/fixtures.js';
import { CALL_CONTROL_ID, PCMU_8K, STREAM_ID } from './__fixtures__/telnyx-stream.js';
import { TelnyxFrameSerializer } from './telnyx-frame-serializer.js';
import { isTelnyxCallAlreadyEnded, telnyxHangUpRequest } from './telnyx-hang-up.js';

interface RecordedRequest {
  method: string | undefined;
  path: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server | undefined;

async function startApi(answer: Answer): Promise<{ baseUrl: string; requests: RecordedRequest[] }> {
  const requests: RecordedRequest[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push({
        method: request.method,
        path: request.url,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body,
      });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, requests };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function serializerAgainst(baseUrl: string, hangUpTimeoutMs = 5000): TelnyxFrameSerializer {
  const serializer = new TelnyxFrameSerializer({
    streamId: STREAM_ID,
    callId: CALL_CONTROL_ID,
    callerAudioFormat: PCMU_8K,
    apiKey: 'KEY0123',
    apiBaseUrl: `${baseUrl}/`,
    hangUpTimeoutMs,
  });
  serializer.setup({ audioInSampleRate: 8000, audioOutSampleRate: 8000, logger: silentLogger });
  return serializer;
}

function json(status: number, body: string): Answer {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };
}

describe('telnyxHangUpRequest', () => {
  it('is the Call Control hang-up with Bearer auth and an empty JSON body', () => {
    expect(telnyxHangUpRequest({ apiKey: 'KEY', callControlId: CALL_CONTROL_ID })).toEqual({
      url: `https://api.telnyx.com/v2/calls/${CALL_CONTROL_ID}/actions/hangup`,
      method: 'POST',
      headers: { authorization: 'Bearer KEY', 'content-type': 'application/json' },
      body: '{}',
    });
  });

  it('keeps a call id from escaping its path segment', () => {
    expect(telnyxHangUpRequest({ apiKey: 'K', callControlId: 'a/../b?c#d' }).url).toBe(
      'https://api.telnyx.com/v2/calls/a%2F..%2Fb%3Fc%23d/actions/hangup',
    );
    expect(() => telnyxHangUpRequest({ apiKey: 'K', callControlId: '..' })).toThrow(RangeError);
    expect(() =>
      telnyxHangUpRequest({ apiKey: 'K', callControlId: 'c', apiBaseUrl: 'nope' }),
    ).toThrow('invalid Telnyx apiBaseUrl "nope"');
  });

  it('takes only 422 with error code 90018 as "already ended"', () => {
    const ended = fixtureText('hang-up-already-ended-response.json');
    expect(isTelnyxCallAlreadyEnded(422, ended)).toBe(true);
    expect(isTelnyxCallAlreadyEnded(422, '{"errors":[{"code":"10001"},{"code":"90018"}]}')).toBe(
      true,
    );
    expect(isTelnyxCallAlreadyEnded(404, ended)).toBe(false);
    expect(isTelnyxCallAlreadyEnded(422, '{"errors":[{"code":"90015"}]}')).toBe(false);
    expect(isTelnyxCallAlreadyEnded(422, 'not json')).toBe(false);
    expect(isTelnyxCallAlreadyEnded(422, 'null')).toBe(false);
  });
});

describe('auto hang-up against a local API', () => {
  it('posts once, with path, auth header, content type and body, however often hangUp() is called', async () => {
    const api = await startApi(json(200, fixtureText('hang-up-success-response.json')));
    const serializer = serializerAgainst(api.baseUrl);
    expect(serializer.serialize(new EndFrame())).toBeUndefined();
    expect(serializer.serialize(new CancelFrame())).toBeUndefined();
    await expect(serializer.hangUp()).resolves.toBe('hung-up');
    await expect(serializer.hangUp()).resolves.toBe('hung-up');
    expect(serializer.hangUpOutcome).toBe('hung-up');
    expect(api.requests).toEqual([
      {
        method: 'POST',
        path: `/v2/calls/${CALL_CONTROL_ID}/actions/hangup`,
        authorization: 'Bearer KEY0123',
        contentType: 'application/json',
        body: '{}',
      },
    ]);
  });

  it('sends one request when two hang-ups are asked for together', async () => {
    const api = await startApi(json(200, '{"data":{"result":"ok"}}'));
    const serializer = serializerAgainst(api.baseUrl);
    await Promise.all([serializer.hangUp(), serializer.hangUp()]);
    expect(api.requests).toHaveLength(1);
  });

  it('treats "call has already ended" as success', async () => {
    const api = await startApi(json(422, fixtureText('hang-up-already-ended-response.json')));
    const serializer = serializerAgainst(api.baseUrl);
    await serializer.hangUp();
    expect(serializer.hangUpOutcome).toBe('already-ended');
  });

  it('reports other refusals as failed without throwing', async () => {
    for (const [status, body] of [
      [422, '{"errors":[{"code":"90015","title":"Invalid"}]}'],
      [401, '{"errors":[{"code":"10009"}]}'],
      [500, 'oops'],
    ] as const) {
      const api = await startApi(json(status, body));
      const serializer = serializerAgainst(api.baseUrl);
      await expect(serializer.hangUp()).resolves.toBe('failed');
      expect(serializer.hangUpOutcome, `${status}`).toBe('failed');
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = undefined;
    }
  });

  it('gives up after the timeout when the API does not answer', async () => {
    const api = await startApi(() => {
      /* never answers */
    });
    const serializer = serializerAgainst(api.baseUrl, 100);
    await serializer.hangUp();
    expect(serializer.hangUpOutcome).toBe('timeout');
    expect(api.requests).toHaveLength(1);
  });

  it('sends nothing after Telnyx stopped the stream', async () => {
    const api = await startApi(json(200, '{}'));
    const serializer = serializerAgainst(api.baseUrl);
    serializer.deserialize(fixtureText('stop.json'));
    await serializer.hangUp();
    expect(api.requests).toHaveLength(0);
    expect(serializer.hangUpOutcome).toBe('skipped');
  });

  it('sends nothing with autoHangUp off, and needs no credentials then', async () => {
    const api = await startApi(json(200, '{}'));
    const serializer = new TelnyxFrameSerializer({
      streamId: STREAM_ID,
      callerAudioFormat: PCMU_8K,
      autoHangUp: false,
      apiBaseUrl: api.baseUrl,
    });
    await serializer.hangUp();
    expect(api.requests).toHaveLength(0);
  });
});
