import { describe, expect, it } from 'vitest';
import {
  ConnectionLimits,
  type ConnectionTicket,
  isConnectionRefusal,
} from './connection-limits.js';

function admitted(limits: ConnectionLimits, address: string): ConnectionTicket {
  const outcome = limits.admit(address);
  if (isConnectionRefusal(outcome)) throw new Error(outcome.message);
  return outcome;
}

describe('ConnectionLimits', () => {
  it('refuses connections past the total with 503, and admits again once one is released', () => {
    const limits = new ConnectionLimits({
      maxConnections: 2,
      maxPending: 10,
      maxPendingPerAddress: 10,
    });
    const first = admitted(limits, 'a');
    first.started();
    admitted(limits, 'b').started();
    expect(limits.admit('c')).toMatchObject({ status: 503, reason: 'too-many-calls' });
    first.release();
    expect(isConnectionRefusal(limits.admit('c'))).toBe(false);
  });

  it('refuses a third pending stream from one address with 429 while others still get in', () => {
    const limits = new ConnectionLimits({
      maxConnections: 100,
      maxPending: 10,
      maxPendingPerAddress: 2,
    });
    admitted(limits, '203.0.113.9');
    const second = admitted(limits, '203.0.113.9');
    expect(limits.admit('203.0.113.9')).toMatchObject({
      status: 429,
      reason: 'too-many-pending-from-address',
    });
    expect(isConnectionRefusal(limits.admit('198.51.100.1'))).toBe(false);
    second.started();
    expect(isConnectionRefusal(limits.admit('203.0.113.9'))).toBe(false);
  });

  it('refuses pending streams past the total pending with 503, however many addresses', () => {
    const limits = new ConnectionLimits({
      maxConnections: 100,
      maxPending: 3,
      maxPendingPerAddress: 3,
    });
    for (const address of ['a', 'b', 'c']) admitted(limits, address);
    expect(limits.admit('d')).toMatchObject({ status: 503, reason: 'too-many-pending' });
    expect(limits.pending).toBe(3);
  });

  it('counts a release once however often it is called, pending or started', () => {
    const limits = new ConnectionLimits({
      maxConnections: 5,
      maxPending: 5,
      maxPendingPerAddress: 5,
    });
    const pendingTicket = admitted(limits, 'a');
    const startedTicket = admitted(limits, 'a');
    startedTicket.started();
    startedTicket.started();
    pendingTicket.release();
    pendingTicket.release();
    startedTicket.release();
    startedTicket.release();
    expect(limits.connections).toBe(0);
    expect(limits.pending).toBe(0);
  });
});
