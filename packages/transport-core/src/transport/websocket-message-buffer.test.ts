import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import { RecordingSocket } from './__fixtures__/harness.js';
import { WebSocketMessageBuffer } from './websocket-message-buffer.js';

describe('WebSocketMessageBuffer', () => {
  it('keeps messages in order and resolves waits for later ones', async () => {
    const socket = new RecordingSocket(new ManualClock());
    const buffer = new WebSocketMessageBuffer(socket);
    const second = buffer.message(1);
    socket.receive('first');
    socket.receive(new Uint8Array([1, 2]));
    expect(await second).toEqual(new Uint8Array([1, 2]));
    expect(await buffer.message(0)).toBe('first');
  });

  it('hands every message over and stops listening, synchronously', () => {
    const socket = new RecordingSocket(new ManualClock());
    const buffer = new WebSocketMessageBuffer(socket);
    socket.receive('a');
    socket.receive('b');
    expect(buffer.takeMessages()).toEqual(['a', 'b']);
    expect(socket.listenerCount()).toBe(0);
    socket.receive('c');
    expect(buffer.messages).toEqual([]);
  });

  it('resolves a wait with undefined when the socket closes first', async () => {
    const socket = new RecordingSocket(new ManualClock());
    const buffer = new WebSocketMessageBuffer(socket);
    const waiting = buffer.message(0);
    socket.remoteClose();
    expect(await waiting).toBeUndefined();
    expect(buffer.ended).toBe(true);
  });

  it('drops and counts messages beyond its limit', () => {
    const socket = new RecordingSocket(new ManualClock());
    const buffer = new WebSocketMessageBuffer(socket, { maxMessages: 2 });
    for (const message of ['a', 'b', 'c']) socket.receive(message);
    expect(buffer.messages).toEqual(['a', 'b']);
    expect(buffer.droppedMessages).toBe(1);
  });
});
