import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ExampleServer } from './echo-calls.js';
import { startExpressServer } from './express-server.js';
import { startFastifyServer } from './fastify-server.js';
import { startHonoServer } from './hono-server.js';
import { startNodeHttpServer } from './node-http-server.js';

const examples: [string, (port: number) => Promise<ExampleServer>][] = [
  ['node:http + ws', startNodeHttpServer],
  ['Fastify + @fastify/websocket', startFastifyServer],
  ['Hono + @hono/node-ws', startHonoServer],
  ['Express + ws', startExpressServer],
];

/** 20 ms of 16 kHz PCM16 whose samples all equal `value`. */
function frame(value: number): Buffer {
  const samples = new Int16Array(320).fill(value);
  return Buffer.from(samples.buffer);
}

function samplesOf(messages: Buffer[]): number[] {
  return messages.flatMap((message) => [
    ...new Int16Array(message.buffer, message.byteOffset, message.byteLength / 2),
  ]);
}

let running: ExampleServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe.each(examples)('%s example', (_name, start) => {
  it('completes a call: audio is echoed back, then the call ends on hang-up with close 1000', async () => {
    running = await start(0);
    const client = new WebSocket(running.url);
    await once(client, 'open');
    const echoed: Buffer[] = [];
    client.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) echoed.push(data);
    });
    for (let index = 0; index < 10; index++) client.send(frame(index + 1));
    const expected = Array.from({ length: 3200 }, (_, index) => Math.floor(index / 320) + 1);
    await expect
      .poll(() => samplesOf(echoed).length, { timeout: 5000 })
      .toBeGreaterThanOrEqual(3200);
    expect(samplesOf(echoed).slice(0, 3200)).toEqual(expected);
    expect(running.calls.active).toBe(1);
    const closed = once(client, 'close');
    client.send(JSON.stringify({ type: 'hangup' }));
    const [code] = await closed;
    expect(code).toBe(1000);
    await running.calls.idle();
    expect(running.calls.active).toBe(0);
  });

  it('refuses a browser origin that is not allowed', async () => {
    running = await start(0);
    const client = new WebSocket(running.url, { headers: { Origin: 'https://evil.example' } });
    client.on('error', () => {});
    const refused = await Promise.race([
      once(client, 'unexpected-response').then(([, response]) => response.statusCode as number),
      once(client, 'close').then(([code]) => code as number),
    ]);
    expect([403, 4003]).toContain(refused);
    await running.calls.idle();
  });
});
