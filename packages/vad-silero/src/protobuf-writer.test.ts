import { describe, expect, it } from 'vitest';
import {
  int64Of,
  readPackedVarints,
  readProtobufFields,
  stringOf,
  WIRE_TYPE,
} from './protobuf-reader.js';
import { ProtobufWriter } from './protobuf-writer.js';

describe('ProtobufWriter', () => {
  it('writes the encodings of the protobuf documentation', () => {
    expect([...new ProtobufWriter().varint(1, 150).finish()]).toEqual([0x08, 0x96, 0x01]);
    expect([...new ProtobufWriter().string(2, 'testing').finish()]).toEqual([
      0x12,
      0x07,
      ...new TextEncoder().encode('testing'),
    ]);
  });

  it('round-trips varints, strings, bytes and nested messages through the reader', () => {
    const inner = new ProtobufWriter().varint(1, -1).string(2, 'größe ✓');
    const bytes = new ProtobufWriter()
      .varint(1, 0)
      .varint(2, 2n ** 63n - 1n)
      .varint(3, -123_456_789_012n)
      .varint(4, true)
      .bytes(5, Uint8Array.of(0, 255, 7))
      .message(6, inner)
      .packedVarints(7, [1, 300, 2n ** 40n])
      .packedVarints(8, [])
      .varint(2047, 1)
      .finish();
    const fields = [...readProtobufFields(bytes)];
    expect(fields.map((field) => field.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 2047]);
    expect(fields[0]!.value).toBe(0n);
    expect(fields[1]!.value).toBe(2n ** 63n - 1n);
    expect(int64Of(fields[2]!.value as bigint)).toBe(-123_456_789_012n);
    expect(fields[3]!.value).toBe(1n);
    expect([...(fields[4]!.value as Uint8Array)]).toEqual([0, 255, 7]);
    expect(fields[5]!.wireType).toBe(WIRE_TYPE.lengthDelimited);
    const nested = [...readProtobufFields(fields[5]!.value as Uint8Array)];
    expect(int64Of(nested[0]!.value as bigint)).toBe(-1n);
    expect(stringOf(nested[1]!.value as Uint8Array)).toBe('größe ✓');
    expect(readPackedVarints(fields[6]!.value as Uint8Array)).toEqual([1n, 300n, 2n ** 40n]);
    expect(fields[7]!.value).toBe(1n);
  });

  it('keeps what it was given: later changes to the bytes do not reach the message', () => {
    const payload = Uint8Array.of(1, 2, 3);
    const writer = new ProtobufWriter().bytes(1, payload);
    payload[0] = 9;
    expect([...writer.finish()]).toEqual([0x0a, 0x03, 1, 2, 3]);
    expect(writer.length).toBe(5);
  });

  it('refuses field number 0', () => {
    expect(() => new ProtobufWriter().varint(0, 1)).toThrow(RangeError);
  });
});
