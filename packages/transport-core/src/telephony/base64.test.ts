import { describe, expect, it } from 'vitest';
import { decodeBase64Payload, encodeBase64 } from './base64.js';

describe('base64 payloads', () => {
  it('decodes the reference μ-law fixture', () => {
    expect([...decodeBase64Payload('//5+gAB/')]).toEqual([0xff, 0xfe, 0x7e, 0x80, 0x00, 0x7f]);
  });

  it('encodes a view into a larger buffer without its neighbours', () => {
    const backing = new Uint8Array([9, 0xd5, 0x55, 0xaa, 0x2a, 0xd4, 0x54, 9]);
    expect(encodeBase64(backing.subarray(1, 7))).toBe('1VWqKtRU');
  });

  it('rejects text that is not padded standard base64 instead of decoding it to noise', () => {
    for (const bad of ['//5+gAB', 'ab$d', '//5-gAB_', 'a===', ' //5+gAB/']) {
      expect(() => decodeBase64Payload(bad, 'media.payload')).toThrow(
        /"media.payload" is not valid base64/,
      );
    }
  });

  it('accepts an empty payload', () => {
    expect(decodeBase64Payload('').byteLength).toBe(0);
  });
});
