import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { ManualClock } from '../clock/index.js';
import {
  type HeartbeatSocketLike,
  startHeartbeat,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
} from './telephony-server-options.js';

class FakeClient extends EventEmitter implements HeartbeatSocketLike {
  pings = 0;
  terminated = false;
  answers = true;
  ping(): void {
    this.pings++;
    if (this.answers) queueMicrotask(() => this.emit('pong'));
  }
  terminate(): void {
    this.terminated = true;
    this.emit('close');
  }
}

describe('startHeartbeat', () => {
  it('pings every client each interval and drops one that stopped answering', async () => {
    const clock = new ManualClock();
    const healthy = new FakeClient();
    const silent = new FakeClient();
    const clients = new Set([healthy, silent]);
    const stop = startHeartbeat({ clients }, { intervalMs: 1000, clock });
    silent.answers = false;
    await clock.advance(1000);
    expect([healthy.pings, silent.pings]).toEqual([1, 1]);
    await clock.advance(1000);
    expect(silent.terminated).toBe(true);
    expect(healthy.terminated).toBe(false);
    expect(healthy.pings).toBe(2);
    stop();
    expect(clock.pendingTimers).toBe(0);
    expect(healthy.listenerCount('pong')).toBe(0);
  });

  it('watches clients that connect later, giving them a full interval to answer', async () => {
    const clock = new ManualClock();
    const clients = new Set<FakeClient>();
    const stop = startHeartbeat({ clients }, { intervalMs: 1000, clock });
    const late = new FakeClient();
    late.answers = false;
    clients.add(late);
    await clock.advance(1000);
    expect(late.terminated).toBe(false);
    await clock.advance(1000);
    expect(late.terminated).toBe(true);
    stop();
  });

  it('refuses a non-positive interval', () => {
    expect(() => startHeartbeat({ clients: [] }, { intervalMs: 0 })).toThrow(/got 0/);
  });
});

describe('TELEPHONY_WEBSOCKET_SERVER_OPTIONS', () => {
  it('is accepted by ws and sets a small maxPayload without compression', () => {
    const server = new WebSocketServer({ noServer: true, ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS });
    expect(server.options.maxPayload).toBe(64 * 1024);
    expect(server.options.perMessageDeflate).toBe(false);
    server.close();
  });
});
