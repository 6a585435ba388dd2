import { describe, expect, it } from 'vitest';
import { InMemorySocket } from './in-memory-socket.js';

describe('InMemorySocket', () => {
  it('delivers received messages to every message listener, and records what is sent', () => {
    const socket = new InMemorySocket();
    const received: unknown[] = [];
    const listener = (event: { data: unknown }) => received.push(event.data);
    socket.addEventListener('message', listener);
    socket.addEventListener('message', (event: { data: unknown }) => received.push(event.data));
    socket.receive('hello');
    socket.send(Uint8Array.of(1));
    expect(received).toEqual(['hello', 'hello']);
    expect(socket.sent).toEqual([Uint8Array.of(1)]);
    expect(socket.listenerCount('message')).toBe(2);
    socket.removeEventListener('message', listener);
    expect(socket.listenerCount('message')).toBe(1);
  });

  it('lets a listener exception reach the caller of receive', () => {
    const socket = new InMemorySocket();
    socket.addEventListener('message', () => {
      throw new Error('escaped');
    });
    expect(() => socket.receive('x')).toThrow('escaped');
  });

  it('closes once, telling close listeners the code and reason', () => {
    const socket = new InMemorySocket();
    const closes: unknown[] = [];
    socket.addEventListener('close', (event: { code: number; reason: string }) =>
      closes.push([event.code, event.reason]),
    );
    socket.close(1011, 'bye');
    socket.close();
    expect(closes).toEqual([[1011, 'bye']]);
    expect(socket.readyState).toBe(3);
  });
});
