import { describe, expect, it } from 'vitest';
import { AudioPacketizer } from './audio-packetizer.js';

function bytes(length: number, start = 0): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (start + index) % 256);
}

describe('AudioPacketizer', () => {
  it('cuts payloads into exact packets and carries the remainder over', () => {
    const packetizer = new AudioPacketizer(4);
    const packets: number[][] = [];
    packetizer.push(bytes(6), (packet) => packets.push([...packet]));
    packetizer.push(bytes(5, 6), (packet) => packets.push([...packet]));
    expect(packets).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(packetizer.pendingBytes).toBe(3);
  });

  it('pads the remainder with zeros on flush, and sends nothing when there is none', () => {
    const packetizer = new AudioPacketizer(4);
    const packets: number[][] = [];
    packetizer.push(bytes(6), (packet) => packets.push([...packet]));
    packetizer.flush((packet) => packets.push([...packet]));
    packetizer.flush((packet) => packets.push([...packet]));
    expect(packets).toEqual([
      [0, 1, 2, 3],
      [4, 5, 0, 0],
    ]);
  });

  it('drops the remainder on reset', () => {
    const packetizer = new AudioPacketizer(4);
    const packets: number[][] = [];
    packetizer.push(bytes(3), (packet) => packets.push([...packet]));
    packetizer.reset();
    packetizer.push(bytes(4, 10), (packet) => packets.push([...packet]));
    expect(packets).toEqual([[10, 11, 12, 13]]);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new AudioPacketizer(0)).toThrow(/got 0/);
    expect(() => new AudioPacketizer(2.5)).toThrow(/got 2.5/);
  });
});
