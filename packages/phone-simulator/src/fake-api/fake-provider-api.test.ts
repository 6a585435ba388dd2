import { afterEach, describe, expect, it } from 'vitest';
import { startCall } from '../call/simulated-call.js';
import { startTestBotServer, type TestBotServer } from '../testing-internal/test-bot-server.js';
import {
  ALREADY_ENDED_RESPONSES,
  type FakeProviderApi,
  startFakeProviderApi,
} from './fake-provider-api.js';

const AC = 'AC0123456789abcdef0123456789abcdef';
const CA = 'CA0123456789abcdef0123456789abcdef';
let api: FakeProviderApi | undefined;
let server: TestBotServer | undefined;

afterEach(async () => {
  await api?.close();
  await server?.close();
  api = undefined;
  server = undefined;
});

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('startFakeProviderApi', () => {
  it('answers a Twilio hang-up with 200 and the call JSON, and records the request', async () => {
    api = await startFakeProviderApi({ twilio: { accountSid: AC, authToken: 'token' } });
    const response = await fetch(`${api.url}/2010-04-01/Accounts/${AC}/Calls/${CA}.json`, {
      method: 'POST',
      headers: {
        authorization: basic(AC, 'token'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'Status=completed',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sid: CA, account_sid: AC, status: 'completed' });
    expect(api.requests).toEqual([
      expect.objectContaining({
        provider: 'twilio',
        method: 'POST',
        path: `/2010-04-01/Accounts/${AC}/Calls/${CA}.json`,
        body: 'Status=completed',
        callId: CA,
        authorized: true,
        status: 200,
        headers: expect.objectContaining({ 'content-type': 'application/x-www-form-urlencoded' }),
      }),
    ]);
    expect(api.hangUps('twilio')).toHaveLength(1);
  });

  it('rejects bad credentials with each provider status and records the attempt as unauthorized', async () => {
    api = await startFakeProviderApi({
      twilio: { accountSid: AC, authToken: 'token' },
      telnyx: { apiKey: 'KEY' },
      plivo: { authId: 'MAID', authToken: 'pt' },
    });
    const twilio = await fetch(`${api.url}/2010-04-01/Accounts/${AC}/Calls/${CA}.json`, {
      method: 'POST',
      headers: { authorization: basic(AC, 'wrong') },
      body: 'Status=completed',
    });
    expect(twilio.status).toBe(401);
    expect(await twilio.json()).toMatchObject({ code: 20003 });
    const telnyx = await fetch(`${api.url}/v2/calls/v2:abc/actions/hangup`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    });
    expect(telnyx.status).toBe(401);
    const plivo = await fetch(`${api.url}/v1/Account/MAID/Call/uuid-1/`, {
      method: 'DELETE',
      headers: { authorization: basic('MAID', 'bad') },
    });
    expect(plivo.status).toBe(401);
    expect(
      api.requests.map((request) => [request.provider, request.authorized, request.status]),
    ).toEqual([
      ['twilio', false, 401],
      ['telnyx', false, 401],
      ['plivo', false, 401],
    ]);
    expect(api.hangUps()).toEqual([]);
  });

  it('answers Telnyx with {"data":{"result":"ok"}} and Plivo with 204', async () => {
    api = await startFakeProviderApi({
      telnyx: { apiKey: 'KEY' },
      plivo: { authId: 'MAID', authToken: 'pt' },
    });
    const telnyx = await fetch(
      `${api.url}/v2/calls/${encodeURIComponent('v2:abc')}/actions/hangup`,
      {
        method: 'POST',
        headers: { authorization: 'Bearer KEY', 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(telnyx.status).toBe(200);
    expect(await telnyx.json()).toEqual({ data: { result: 'ok' } });
    const plivo = await fetch(`${api.url}/v1/Account/MAID/Call/uuid-1/`, {
      method: 'DELETE',
      headers: { authorization: basic('MAID', 'pt') },
    });
    expect(plivo.status).toBe(204);
    expect(api.hangUps().map((request) => request.callId)).toEqual(['v2:abc', 'uuid-1']);
  });

  it('answers with a configured response such as "already ended", then goes back to success', async () => {
    api = await startFakeProviderApi();
    api.respondWith('twilio', ALREADY_ENDED_RESPONSES.twilio, 1);
    const hangUp = () =>
      fetch(`${api!.url}/2010-04-01/Accounts/${AC}/Calls/${CA}.json`, {
        method: 'POST',
        headers: { authorization: basic(AC, 'any') },
        body: 'Status=completed',
      });
    const first = await hangUp();
    expect(first.status).toBe(404);
    expect(await first.json()).toMatchObject({ code: 20404 });
    expect((await hangUp()).status).toBe(200);
  });

  it('leaves a hang-up unanswered when told to never answer, until the client gives up', async () => {
    api = await startFakeProviderApi();
    api.respondWith('telnyx', { status: 200, neverAnswer: true });
    const outcome = await fetch(`${api.url}/v2/calls/v3:stuck/actions/hangup`, {
      method: 'POST',
      headers: { authorization: 'Bearer KEY' },
      signal: AbortSignal.timeout(300),
    }).catch((error: unknown) => (error as Error).name);
    expect(outcome).toBe('TimeoutError');
    expect(api.hangUps('telnyx').map((request) => request.callId)).toEqual(['v3:stuck']);
  });

  it('refuses a Twilio hang-up without Status=completed and a Plivo hang-up without a call id', async () => {
    api = await startFakeProviderApi();
    const twilio = await fetch(`${api.url}/2010-04-01/Accounts/${AC}/Calls/${CA}.json`, {
      method: 'POST',
      headers: { authorization: basic(AC, 'x') },
      body: 'Status=ringing',
    });
    expect(twilio.status).toBe(400);
    const plivo = await fetch(`${api.url}/v1/Account/MAID/Call/`, {
      method: 'DELETE',
      headers: { authorization: basic('MAID', 'x') },
    });
    expect(plivo.status).toBe(400);
    expect(((await plivo.json()) as { error: string }).error).toMatch(/every call/);
    expect((await fetch(`${api.url}/v1/unknown`)).status).toBe(404);
  });

  it('ends an attached simulated call when its hang-up arrives, as the provider would', async () => {
    server = await startTestBotServer();
    api = await startFakeProviderApi();
    const call = await startCall({ url: server.url, provider: 'telnyx', fast: true });
    const connection = await server.nextConnection();
    api.attachCall(call);
    const response = await fetch(
      `${api.url}/v2/calls/${encodeURIComponent(call.ids.callId)}/actions/hangup`,
      {
        method: 'POST',
        headers: { authorization: 'Bearer k' },
      },
    );
    expect(response.status).toBe(200);
    const summary = await call.ended;
    expect(summary.hungUpBy).toBe('api');
    await connection.nextEvent('stop');
    expect(await connection.closed).toBe(1000);
  });

  it('waits for a number of requests', async () => {
    api = await startFakeProviderApi();
    const waiting = api.waitForRequests(1);
    await fetch(`${api.url}/v2/calls/x/actions/hangup`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
    });
    expect(await waiting).toHaveLength(1);
    await expect(api.waitForRequests(5, 50)).rejects.toThrow(/expected 5/);
  });
});
