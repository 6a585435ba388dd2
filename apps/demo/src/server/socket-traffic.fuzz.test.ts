import { once } from 'node:events';
import { RawWebSocketClient, startCall, WEBSOCKET_OPCODE } from '@x/phone-simulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  anyProviderFuzzedMessage,
  type FuzzProvider,
  mediaMessage,
  OPENINGS,
} from '../testing/fuzz/provider-openings.js';
import { socketUrl, startTestServer } from '../testing/test-server.js';
import type { DemoServer } from './demo-server.js';

/** Fuzzed connections in the property. */
const CONNECTION_RUNS = 40;
/** Bound on waiting for the bot's greeting in the call that checks the server still serves. */
const GREETING_TIMEOUT_MS = 8_000;
/** Bound on the server's close frame after it refused something. */
const CLOSE_FRAME_TIMEOUT_MS = 6_000;
/** Time given to the server to act on what a raw connection sent, in milliseconds. */
const SERVER_REACTION_MS = 100;
/** Above the demo's 64 KiB `maxPayload`. */
const OVERSIZED_FRAME_BYTES = 100_000;
/** Media messages sent before a call is cut, in 20 ms frames. */
const MEDIA_BEFORE_RESET = 10;

let server: DemoServer;
/** Exceptions that reached the process while the server ran: must stay empty. */
const escaped: unknown[] = [];
const recordEscaped = (error: unknown) => escaped.push(error);

beforeAll(async () => {
  process.on('uncaughtException', recordEscaped);
  process.on('unhandledRejection', recordEscaped);
  server = await startTestServer();
});

afterAll(async () => {
  await server?.telephony.close();
  process.off('uncaughtException', recordEscaped);
  process.off('unhandledRejection', recordEscaped);
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server answers `/healthz` with 200 and greets a normal simulated call; nothing escaped. */
async function expectStillServing(): Promise<void> {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  const call = await startCall({ url: socketUrl(server, '/ws'), provider: 'twilio' });
  try {
    await call.waitFor('first-bot-audio', { timeoutMs: GREETING_TIMEOUT_MS });
  } finally {
    await call.hangUp();
  }
  await vi.waitFor(() => expect(server.telephony.activeCalls).toBe(0), { timeout: 5_000 });
  expect(escaped).toEqual([]);
}

/** Opens a raw connection to `path` and sends `provider`'s opening and some media. */
async function rawCall(provider: FuzzProvider, path = '/ws'): Promise<RawWebSocketClient> {
  const headers: Record<string, string> = path === '/ws' ? {} : { Origin: server.url };
  const client = await RawWebSocketClient.open(server.port, path, { headers });
  expect(client.upgraded).toBe(true);
  for (const message of OPENINGS[provider]) client.sendText(JSON.stringify(message));
  for (let chunk = 1; chunk <= MEDIA_BEFORE_RESET; chunk++) {
    client.sendText(JSON.stringify(mediaMessage(provider, chunk)));
  }
  await pause(SERVER_REACTION_MS);
  return client;
}

/** Opens a raw connection whose call setup the server refuses (its first message is not JSON). */
async function refusedSetup(path: string): Promise<RawWebSocketClient> {
  const headers: Record<string, string> = path === '/ws' ? {} : { Origin: server.url };
  const client = await RawWebSocketClient.open(server.port, path, { headers });
  expect(client.upgraded).toBe(true);
  client.sendText('this is not a provider message');
  expect(await client.waitForCloseFrame(CLOSE_FRAME_TIMEOUT_MS)).toBe(true);
  return client;
}

const connectionPlan = fc.record({
  path: fc.constantFrom('/ws', '/softphone/ws'),
  provider: fc.constantFrom<FuzzProvider>('twilio', 'telnyx', 'plivo'),
  validOpeningFirst: fc.boolean(),
  messages: fc.array(anyProviderFuzzedMessage, { maxLength: 20 }),
  ending: fc.constantFrom('close', 'reset'),
});

describe('the demo server under fuzzed WebSocket traffic', () => {
  it('keeps serving after fuzzed messages on /ws and /softphone/ws, with or without a valid opening, each connection closed or reset', async () => {
    await fc.assert(
      fc.asyncProperty(connectionPlan, async (plan) => {
        const provider = plan.path === '/ws' ? plan.provider : 'twilio';
        const socket = new WebSocket(socketUrl(server, plan.path), {
          headers: plan.path === '/ws' ? {} : { Origin: server.url },
        });
        socket.on('error', () => {
          // the server may refuse or drop us
        });
        await once(socket, 'open');
        if (plan.validOpeningFirst) {
          for (const message of OPENINGS[provider]) socket.send(JSON.stringify(message));
        }
        for (const message of plan.messages) socket.send(message.data);
        await pause(10);
        if (plan.ending === 'close') socket.close(1000);
        else socket.terminate();
      }),
      { numRuns: CONNECTION_RUNS },
    );
    await expectStillServing();
  });

  it.each(['twilio', 'telnyx', 'plivo'] as const)(
    'keeps serving after a %s call gets a text frame that is not UTF-8',
    async (provider) => {
      const client = await rawCall(provider);
      client.sendInvalidUtf8();
      expect(await client.waitForCloseFrame(CLOSE_FRAME_TIMEOUT_MS)).toBe(true);
      client.reset();
      await expectStillServing();
    },
  );

  it.each(['/ws', '/softphone/ws'])(
    'keeps serving after a text frame that is not UTF-8 follows a refused call setup on %s',
    async (path) => {
      const client = await refusedSetup(path);
      client.sendInvalidUtf8();
      await pause(SERVER_REACTION_MS);
      client.reset();
      await expectStillServing();
    },
  );

  it('keeps serving after a frame over maxPayload during a call', async () => {
    const client = await rawCall('telnyx');
    client.sendFrameHeader(WEBSOCKET_OPCODE.text, OVERSIZED_FRAME_BYTES);
    expect(await client.waitForCloseFrame(CLOSE_FRAME_TIMEOUT_MS)).toBe(true);
    client.reset();
    await expectStillServing();
  });

  it.each(['/ws', '/softphone/ws'])(
    'keeps serving after a frame over maxPayload follows a refused call setup on %s',
    async (path) => {
      const client = await refusedSetup(path);
      client.sendFrameHeader(WEBSOCKET_OPCODE.binary, OVERSIZED_FRAME_BYTES);
      await pause(SERVER_REACTION_MS);
      client.reset();
      await expectStillServing();
    },
  );

  it('keeps serving after calls of every provider are reset mid-call, without a close frame', async () => {
    const clients = await Promise.all(
      (['twilio', 'telnyx', 'plivo'] as const).map((provider) => rawCall(provider)),
    );
    clients.push(await rawCall('twilio', '/softphone/ws'));
    for (const client of clients) client.reset();
    await expectStillServing();
  });
});
