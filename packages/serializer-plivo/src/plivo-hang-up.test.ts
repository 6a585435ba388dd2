import { CancelFrame, EndFrame, type FetchFunction } from '@x/transport-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PlivoFrameSerializer,
  type PlivoFrameSerializerOptions,
} from './plivo-frame-serializer.js';
import { checkPlivoCallId, plivoHangUpRequest } from './plivo-hang-up.js';
import {
  type RecordedAnswer,
  type RecordingHttpServer,
  startRecordingHttpServer,
} from './testing-internal/recording-http-server.js';

const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
const AUTH_TOKEN = 'secret-token';
const CALL_ID = '12345678-1234-1234-1234-123456789abc';
const EXPECTED_AUTHORIZATION = `Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}`;

let server: RecordingHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serializerAgainst(
  answer: RecordedAnswer,
  overrides: Partial<PlivoFrameSerializerOptions> = {},
): Promise<PlivoFrameSerializer> {
  server = await startRecordingHttpServer(answer);
  return new PlivoFrameSerializer({
    streamId: 'stream-1',
    callId: CALL_ID,
    mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
    authId: AUTH_ID,
    authToken: AUTH_TOKEN,
    apiBaseUrl: server.baseUrl,
    ...overrides,
  });
}

describe('plivoHangUpRequest', () => {
  it('builds DELETE /v1/Account/{authId}/Call/{callId}/ with Basic auth and no body', () => {
    expect(plivoHangUpRequest({ authId: AUTH_ID, authToken: AUTH_TOKEN, callId: CALL_ID })).toEqual(
      {
        url: `https://api.plivo.com/v1/Account/${AUTH_ID}/Call/${CALL_ID}/`,
        method: 'DELETE',
        headers: { Authorization: EXPECTED_AUTHORIZATION },
      },
    );
  });

  it('uses an overridden base URL without doubling slashes, and encodes the ids', () => {
    const request = plivoHangUpRequest({
      authId: AUTH_ID,
      authToken: AUTH_TOKEN,
      callId: 'a/b?c',
      apiBaseUrl: 'http://127.0.0.1:9/proxy/',
    });
    expect(request.url).toBe(`http://127.0.0.1:9/proxy/v1/Account/${AUTH_ID}/Call/a%2Fb%3Fc/`);
  });

  it.each(['', ' ', '\t', '.', '..'])(
    'never builds a request that would end every call of the account (call id %j)',
    (callId) => {
      expect(() => plivoHangUpRequest({ authId: AUTH_ID, authToken: AUTH_TOKEN, callId })).toThrow(
        /refusing a Plivo hang-up with call id .*every ongoing call of the account/,
      );
      expect(() => checkPlivoCallId(callId)).toThrow(RangeError);
    },
  );

  it('refuses empty credentials', () => {
    expect(() =>
      plivoHangUpRequest({ authId: '', authToken: AUTH_TOKEN, callId: CALL_ID }),
    ).toThrow(/authId/);
    expect(() => plivoHangUpRequest({ authId: AUTH_ID, authToken: '', callId: CALL_ID })).toThrow(
      /authToken/,
    );
  });
});

describe('PlivoFrameSerializer hang-up', () => {
  it('sends exactly the documented DELETE once, however often hangUp() is called', async () => {
    const serializer = await serializerAgainst({ status: 204 });
    expect(serializer.serialize(new EndFrame())).toBeUndefined();
    expect(serializer.serialize(new CancelFrame())).toBeUndefined();
    const results = await Promise.all([
      serializer.hangUp(),
      serializer.hangUp(),
      serializer.hangUp(),
    ]);
    expect(results).toEqual(['hung-up', 'hung-up', 'hung-up']);
    expect(server!.requests).toHaveLength(1);
    const [request] = server!.requests;
    expect(request).toMatchObject({
      method: 'DELETE',
      path: `/v1/Account/${AUTH_ID}/Call/${CALL_ID}/`,
      body: '',
    });
    expect(request!.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
    expect(serializer.hangUpOutcome).toBe('hung-up');
  });

  it('treats 404 as the call having already ended', async () => {
    const serializer = await serializerAgainst({ status: 404, body: '{"error":"not found"}' });
    await serializer.hangUp();
    expect(serializer.hangUpOutcome).toBe('already-ended');
  });

  it.each([401, 500])('reports status %i as failed without throwing', async (status) => {
    const serializer = await serializerAgainst({ status, body: '{"error":"no"}' });
    await expect(serializer.hangUp()).resolves.toBe('failed');
    expect(serializer.hangUpOutcome).toBe('failed');
  });

  it('gives up after the timeout when Plivo does not answer', async () => {
    const serializer = await serializerAgainst('hang', { hangUpTimeoutMs: 50 });
    await serializer.hangUp();
    expect(server!.requests).toHaveLength(1);
    expect(serializer.hangUpOutcome).toBe('timeout');
  });

  it('sends nothing after Plivo stopped the stream', async () => {
    const serializer = await serializerAgainst({ status: 204 });
    serializer.deserialize('{"event":"stop","streamId":"stream-1"}');
    await serializer.hangUp();
    expect(server!.requests).toHaveLength(0);
    expect(serializer.hangUpOutcome).toBe('skipped');
  });

  it('sends nothing with autoHangUp off, which needs no credentials', async () => {
    const fetch = vi.fn<FetchFunction>();
    const serializer = new PlivoFrameSerializer({
      streamId: 'stream-1',
      mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      autoHangUp: false,
      fetch,
    });
    expect(await serializer.hangUp()).toBe('skipped');
    expect(fetch).not.toHaveBeenCalled();
    expect(serializer.hangUpOutcome).toBe('skipped');
  });

  it('uses the injected fetch', async () => {
    const fetch = vi.fn<FetchFunction>(async () => new Response(null, { status: 204 }));
    const serializer = new PlivoFrameSerializer({
      streamId: 'stream-1',
      callId: CALL_ID,
      mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      authId: AUTH_ID,
      authToken: AUTH_TOKEN,
      fetch,
    });
    await serializer.hangUp();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe(
      `https://api.plivo.com/v1/Account/${AUTH_ID}/Call/${CALL_ID}/`,
    );
    expect(fetch.mock.calls[0]![1]).toMatchObject({ method: 'DELETE' });
  });

  it.each([
    [{ callId: '' }, 'callId is missing'],
    [{ callId: undefined, authToken: '' }, 'callId, authToken are missing'],
    [{ authId: '', authToken: undefined, callId: '  ' }, 'callId, authId, authToken are missing'],
  ])(
    'refuses to be built with autoHangUp on and %j, naming what is missing',
    (overrides, missing) => {
      const options: PlivoFrameSerializerOptions = Object.assign(
        {
          streamId: 'stream-1',
          callId: CALL_ID,
          mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 } as const,
          authId: AUTH_ID,
          authToken: AUTH_TOKEN,
        },
        overrides,
      );
      expect(() => new PlivoFrameSerializer(options)).toThrow(
        `autoHangUp is enabled but ${missing} (empty strings count as missing); pass them, or pass autoHangUp: false`,
      );
    },
  );

  it('keeps the call id it was built with, so a later change to the options cannot empty it', async () => {
    server = await startRecordingHttpServer({ status: 204 });
    const options: PlivoFrameSerializerOptions = {
      streamId: 'stream-1',
      callId: CALL_ID,
      mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      authId: AUTH_ID,
      authToken: AUTH_TOKEN,
      apiBaseUrl: server.baseUrl,
    };
    const serializer = new PlivoFrameSerializer(options);
    options.callId = '';
    await serializer.hangUp();
    expect(server.requests.map((request) => request.path)).toEqual([
      `/v1/Account/${AUTH_ID}/Call/${CALL_ID}/`,
    ]);
  });
});
