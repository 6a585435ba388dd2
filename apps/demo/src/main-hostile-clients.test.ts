import {
  type FakeProviderApi,
  RawWebSocketClient,
  signedUpgradeHeaders,
  startFakeProviderApi,
  WEBSOCKET_OPCODE,
} from '@x/phone-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoProcess,
  killDemos,
  placeTwilioCall,
  startDemoProcess,
} from './testing/demo-process.js';
import { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } from './testing/provider-test-setup.js';

/** A Twilio-shaped opening, enough for detection. */
const TWILIO_CONNECTED = '{"event":"connected","protocol":"Call","version":"1.0.0"}';
function twilioStart(callSid: string): string {
  const streamSid = `MZ${'7'.repeat(32)}`;
  return JSON.stringify({
    event: 'start',
    sequenceNumber: '1',
    start: {
      accountSid: TWILIO_ACCOUNT_SID,
      streamSid,
      callSid,
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      customParameters: {},
    },
    streamSid,
  });
}

/** The demo's start deadline (core's detection timeout) and a margin, in milliseconds. */
const START_DEADLINE_WAIT_MS = 8_000;

/**
 * What an attacker sends once the server has refused the call and started closing: invalid UTF-8
 * and a frame over `maxPayload`, each of which makes `ws` report an error on that socket.
 */
function sendGarbageAfterClose(client: RawWebSocketClient): void {
  client.sendInvalidUtf8();
  client.sendFrame(WEBSOCKET_OPCODE.binary, Buffer.alloc(128 * 1024, 1));
}

describe('pnpm demo (node dist/main.js) against hostile clients, with Twilio secrets and no PUBLIC_URL', () => {
  let demo: DemoProcess;
  let port: number;
  let url: string;
  let api: FakeProviderApi;

  beforeAll(async () => {
    api = await startFakeProviderApi({
      twilio: { accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN },
    });
    ({ demo, port, url } = await startDemoProcess({
      TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN,
      TWILIO_API_BASE_URL: api.url,
      LOG_LEVEL: 'warn',
    }));
  });

  afterAll(async () => {
    killDemos();
    await api?.close();
  });

  /** The process is alive and serving: readiness answers and it printed no crash. */
  async function expectStillServing(): Promise<void> {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(demo.child.exitCode).toBeNull();
    expect(demo.output()).not.toMatch(/Uncaught|node:internal|Emitted 'error' event/);
  }

  it('survives garbage after a detection failure (a message no provider speaks)', async () => {
    const client = await RawWebSocketClient.open(port, '/ws');
    client.sendText('x');
    expect(await client.waitForCloseFrame()).toBe(true);
    sendGarbageAfterClose(client);
    await client.waitForClose();
    await expectStillServing();
  });

  it('survives garbage after the start deadline passes with nothing sent', async () => {
    const client = await RawWebSocketClient.open(port, '/ws');
    expect(await client.waitForCloseFrame(START_DEADLINE_WAIT_MS)).toBe(true);
    sendGarbageAfterClose(client);
    await client.waitForClose();
    await expectStillServing();
  }, 15_000);

  it('survives garbage after "authentication required" (a Twilio start without a signature)', async () => {
    const client = await RawWebSocketClient.open(port, '/ws');
    client.sendText(TWILIO_CONNECTED);
    client.sendText(twilioStart(`CA${'1'.repeat(32)}`));
    expect(await client.waitForCloseFrame()).toBe(true);
    sendGarbageAfterClose(client);
    await client.waitForClose();
    await expectStillServing();
  });

  it('survives garbage after a signed upgrade whose start carries no call token', async () => {
    const headers = signedUpgradeHeaders({
      provider: 'twilio',
      url: `ws://127.0.0.1:${port}/ws`,
      authToken: TWILIO_AUTH_TOKEN,
      signatureUrl: `wss://127.0.0.1:${port}/ws`,
    });
    const client = await RawWebSocketClient.open(port, '/ws', { headers });
    expect(client.upgraded).toBe(true);
    client.sendText(TWILIO_CONNECTED);
    client.sendText(twilioStart(`CA${'2'.repeat(32)}`));
    expect(await client.waitForCloseFrame()).toBe(true);
    sendGarbageAfterClose(client);
    await client.waitForClose();
    await expectStillServing();
    expect(api.hangUps()).toHaveLength(0);
  });

  it('survives garbage on the softphone socket opened with a forged allowed Origin', async () => {
    const client = await RawWebSocketClient.open(port, '/softphone/ws', {
      headers: { origin: `http://localhost:${port}` },
    });
    expect(client.upgraded).toBe(true);
    client.sendText('not a twilio message');
    expect(await client.waitForCloseFrame()).toBe(true);
    sendGarbageAfterClose(client);
    await client.waitForClose();
    await expectStillServing();
  });

  it('answers an upgrade without a Host header 400 instead of crashing', async () => {
    const client = await RawWebSocketClient.open(port, '/ws', {
      host: '',
      headers: { 'X-Twilio-Signature': 'c2lnbmF0dXJl' },
    });
    expect(client.status).toBe(400);
    client.destroy();
    await expectStillServing();
  });

  it('survives connections dropped mid-handshake and mid-frame', async () => {
    for (let index = 0; index < 20; index++) {
      const client = await RawWebSocketClient.open(port, '/ws');
      client.socket.write(Buffer.from([0x81, 0xfe, 0x00])); // a frame header cut short
      client.destroy();
    }
    await expectStillServing();
  });

  it('still takes a genuine call through the webhook after all of that', async () => {
    const call = await placeTwilioCall(port, url);
    await call.sendDtmf('#');
    const summary = await call.ended;
    expect(summary.close?.code).toBe(1000);
    expect(api.hangUps('twilio').map((request) => request.callId)).toEqual([call.ids.callId]);
    await expectStillServing();
  });
});
