import { describe, expect, it } from 'vitest';
import { bytesFromInt16, int16FromBytes } from './pcm-bytes.js';

describe('int16FromBytes', () => {
  it('reads little-endian samples', () => {
    const pcm = int16FromBytes(Uint8Array.of(0x01, 0x02, 0xff, 0xff, 0x00, 0x80));
    expect(Array.from(pcm)).toEqual([0x0201, -1, -32768]);
  });

  it('returns a view of the same memory when the byte offset is even', () => {
    const buffer = new Uint8Array(8);
    const bytes = buffer.subarray(2, 6);
    const pcm = int16FromBytes(bytes);
    expect(pcm.buffer).toBe(buffer.buffer);
    expect(pcm.byteOffset).toBe(2);
    bytes[0] = 7;
    expect(pcm[0]).toBe(7);
  });

  it('copies and reads correctly when the byte offset is odd', () => {
    const buffer = Uint8Array.of(0xaa, 0x34, 0x12, 0xcd, 0xab, 0xee);
    const bytes = buffer.subarray(1, 5);
    expect(bytes.byteOffset % 2).toBe(1);
    const pcm = int16FromBytes(bytes);
    expect(Array.from(pcm)).toEqual([0x1234, -0x5433]);
    expect(pcm.buffer).not.toBe(buffer.buffer);
  });

  it('handles a Node Buffer sliced from the shared pool at an odd offset', () => {
    const pooled = Buffer.from('AQIDBAUG', 'base64').subarray(1, 5);
    const expected = [0x0302, 0x0504];
    expect(Array.from(int16FromBytes(pooled))).toEqual(expected);
  });

  it('throws a RangeError naming the length when there is an odd trailing byte', () => {
    expect(() => int16FromBytes(new Uint8Array(5))).toThrow(RangeError);
    expect(() => int16FromBytes(new Uint8Array(5))).toThrow(/5 bytes/);
  });

  it('returns an empty array for empty input', () => {
    expect(int16FromBytes(new Uint8Array(0))).toHaveLength(0);
  });
});

describe('bytesFromInt16', () => {
  it('writes little-endian bytes without copying', () => {
    const pcm = Int16Array.of(0x0201, -1, -32768);
    const bytes = bytesFromInt16(pcm);
    expect(Array.from(bytes)).toEqual([0x01, 0x02, 0xff, 0xff, 0x00, 0x80]);
    expect(bytes.buffer).toBe(pcm.buffer);
  });

  it('covers exactly the samples of a subarray', () => {
    const pcm = Int16Array.of(1, 2, 3, 4).subarray(1, 3);
    expect(Array.from(bytesFromInt16(pcm))).toEqual([2, 0, 3, 0]);
  });

  it('round-trips with int16FromBytes', () => {
    const pcm = Int16Array.from({ length: 100 }, (_, index) => index * 655 - 32_000);
    expect(Array.from(int16FromBytes(bytesFromInt16(pcm)))).toEqual(Array.from(pcm));
  });
});
