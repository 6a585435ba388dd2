import { CallHangUp } from '@x/transport-core/provider-kit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type RecordingHttpServer,
  startRecordingHttpServer,
} from './__fixtures__/recording-http-server.js';
import {
  isTwilioCallAlreadyEnded,
  TWILIO_HANG_UP_SUCCESS_STATUSES,
  twilioApiBaseUrl,
  twilioHangUpRequest,
} from './twilio-hang-up.js';

const accountSid = 'AC0123456789abcdef0123456789abcdef';
const callSid = 'CA0123456789abcdef0123456789abcdef';

describe('twilioApiBaseUrl', () => {
  it('uses api.twilio.com by default', () => {
    expect(twilioApiBaseUrl()).toBe('https://api.twilio.com');
  });

  it('puts edge and region in the host, with us1 when only the edge is given', () => {
    expect(twilioApiBaseUrl({ region: 'au1', edge: 'sydney' })).toBe(
      'https://api.sydney.au1.twilio.com',
    );
    expect(twilioApiBaseUrl({ edge: 'dublin' })).toBe('https://api.dublin.us1.twilio.com');
  });

  it('refuses a region without an edge, unless apiBaseUrl is given', () => {
    expect(() => twilioApiBaseUrl({ region: 'au1' })).toThrow(
      'Twilio region "au1" needs an edge too (e.g. region "au1" with edge "sydney"), or pass apiBaseUrl',
    );
    expect(twilioApiBaseUrl({ region: 'au1', apiBaseUrl: 'http://127.0.0.1:9/' })).toBe(
      'http://127.0.0.1:9',
    );
  });

  it('lets apiBaseUrl override region and edge, without trailing slashes', () => {
    expect(
      twilioApiBaseUrl({
        apiBaseUrl: 'https://proxy.example.com/twilio//',
        region: 'au1',
        edge: 'sydney',
      }),
    ).toBe('https://proxy.example.com/twilio');
  });

  it('refuses a host label or base URL that could point elsewhere', () => {
    expect(() => twilioApiBaseUrl({ edge: 'evil.com/x' })).toThrow(
      /invalid Twilio edge "evil.com\/x"/,
    );
    expect(() => twilioApiBaseUrl({ edge: 'sydney', region: 'AU1' })).toThrow(
      /invalid Twilio region/,
    );
    expect(() => twilioApiBaseUrl({ apiBaseUrl: 'api.twilio.com' })).toThrow(/not an absolute URL/);
    expect(() => twilioApiBaseUrl({ apiBaseUrl: 'ftp://x' })).toThrow(/expected http\(s\)/);
  });
});

describe('twilioHangUpRequest', () => {
  it('posts Status=completed to the Call resource with Basic auth', () => {
    const request = twilioHangUpRequest({ accountSid, callSid, authToken: 'token' });
    expect(request).toEqual({
      url: `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Calls/${callSid}.json`,
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:token`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'Status=completed',
    });
  });

  it('authenticates with an API key when one is given, keeping the account in the URL', () => {
    const request = twilioHangUpRequest({
      accountSid,
      callSid,
      apiKeySid: 'SKkey',
      apiKeySecret: 'secret',
      region: 'ie1',
      edge: 'dublin',
    });
    expect(request.url).toBe(
      `https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/${accountSid}/Calls/${callSid}.json`,
    );
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('SKkey:secret').toString('base64')}`,
    );
  });

  it('escapes SIDs in the path and refuses empty ones or missing credentials', () => {
    expect(twilioHangUpRequest({ accountSid, callSid: 'CA/../x', authToken: 't' }).url).toContain(
      '/Calls/CA%2F..%2Fx.json',
    );
    expect(() => twilioHangUpRequest({ accountSid, callSid: '', authToken: 't' })).toThrow(
      /callSid/,
    );
    expect(() => twilioHangUpRequest({ accountSid: '', callSid, authToken: 't' })).toThrow(
      /accountSid/,
    );
    expect(() => twilioHangUpRequest({ accountSid, callSid })).toThrow(/authToken/);
  });
});

describe('isTwilioCallAlreadyEnded', () => {
  it('reads 404 with code 20404 and 400 with code 21220 as "already ended"', () => {
    expect(
      isTwilioCallAlreadyEnded(
        404,
        '{"code": 20404, "message": "The requested resource was not found"}',
      ),
    ).toBe(true);
    expect(
      isTwilioCallAlreadyEnded(400, '{"code":21220,"message":"Call is not in-progress"}'),
    ).toBe(true);
    expect(isTwilioCallAlreadyEnded(400, '{"code":"21220"}')).toBe(true);
  });

  it('reads other codes, statuses and bodies as failures', () => {
    expect(isTwilioCallAlreadyEnded(404, '{"code":20003}')).toBe(false);
    expect(isTwilioCallAlreadyEnded(400, '{"code":20404}')).toBe(false);
    expect(isTwilioCallAlreadyEnded(404, 'Not Found')).toBe(false);
    expect(isTwilioCallAlreadyEnded(404, 'null')).toBe(false);
    expect(isTwilioCallAlreadyEnded(401, '{"code":20003}')).toBe(false);
    expect(isTwilioCallAlreadyEnded(500, '{"code":20404}')).toBe(false);
  });
});

describe('the hang-up request against a local HTTP server', () => {
  let server: RecordingHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends the exact request Twilio expects and reads 200 as hung up', async () => {
    server = await startRecordingHttpServer(() => ({
      status: 200,
      body: '{"status":"completed"}',
    }));
    const hangUp = new CallHangUp({
      request: twilioHangUpRequest({
        accountSid,
        callSid,
        authToken: 'token',
        apiBaseUrl: `${server.url}/`,
      }),
      successStatuses: TWILIO_HANG_UP_SUCCESS_STATUSES,
      isAlreadyEnded: isTwilioCallAlreadyEnded,
    });
    expect(await hangUp.hangUp()).toBe('hung-up');
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${accountSid}/Calls/${callSid}.json`,
      body: 'Status=completed',
    });
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${accountSid}:token`).toString('base64')}`,
    );
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });
});
