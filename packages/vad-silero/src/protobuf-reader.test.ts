import { describe, expect, it } from 'vitest';
import {
  int64Of,
  ProtobufDecodeError,
  readPackedFloat32,
  readPackedVarints,
  readProtobufFields,
  stringOf,
  WIRE_TYPE,
} from './protobuf-reader.js';

describe('readProtobufFields', () => {
  it('reads the encodings of the protobuf documentation: 150 as a varint, "testing" as a string', () => {
    // https://protobuf.dev/programming-guides/encoding/: field 1 = 150, field 2 = "testing"
    const bytes = Uint8Array.of(
      0x08,
      0x96,
      0x01,
      0x12,
      0x07,
      ...new TextEncoder().encode('testing'),
    );
    const fields = [...readProtobufFields(bytes)];
    expect(fields).toHaveLength(2);
    expect(fields[0]).toEqual({ number: 1, wireType: WIRE_TYPE.varint, value: 150n });
    expect(fields[1]!.number).toBe(2);
    expect(fields[1]!.wireType).toBe(WIRE_TYPE.lengthDelimited);
    expect(stringOf(fields[1]!.value as Uint8Array)).toBe('testing');
  });

  it('reads a negative int64 from its ten-byte varint', () => {
    const minusTwo = Uint8Array.of(
      0x08,
      0xfe,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0x01,
    );
    const [field] = [...readProtobufFields(minusTwo)];
    expect(field!.value).toBe(2n ** 64n - 2n);
    expect(int64Of(field!.value as bigint)).toBe(-2n);
  });

  it('gives 32- and 64-bit fields as their bytes, and reads packed varints and floats', () => {
    const bytes = Uint8Array.of(0x0d, 0, 0, 0x80, 0x3f, 0x11, 1, 2, 3, 4, 5, 6, 7, 8);
    const fields = [...readProtobufFields(bytes)];
    expect(fields.map((field) => [field.number, field.wireType])).toEqual([
      [1, WIRE_TYPE.fixed32],
      [2, WIRE_TYPE.fixed64],
    ]);
    expect(readPackedFloat32(fields[0]!.value as Uint8Array)).toEqual([1]);
    expect(readPackedVarints(Uint8Array.of(0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05))).toEqual([
      3n,
      270n,
      86_942n,
    ]);
  });

  it.each([
    ['a truncated varint', Uint8Array.of(0x08, 0x96), /truncated varint at byte 1/],
    [
      'a length that runs past the end',
      Uint8Array.of(0x08, 0x01, 0x12, 0x05, 0x61),
      /field 2 of 5 bytes runs past the end of its message \(1 left\) at byte 2/,
    ],
    ['a group (wire type 3)', Uint8Array.of(0x0b), /unsupported wire type 3 \(field 1\) at byte 0/],
    ['field number 0', Uint8Array.of(0x00, 0x01), /field number 0 at byte 0/],
    [
      'a varint of eleven bytes',
      Uint8Array.of(0x08, ...new Array(10).fill(0xff), 0x01),
      /varint longer than 10 bytes at byte 1/,
    ],
    ['a truncated 32-bit field', Uint8Array.of(0x0d, 0, 0), /truncated 32-bit field 1 at byte 0/],
  ])('refuses %s with a ProtobufDecodeError naming the byte', (_, bytes, message) => {
    expect(() => [...readProtobufFields(bytes)]).toThrow(ProtobufDecodeError);
    expect(() => [...readProtobufFields(bytes)]).toThrow(message);
  });

  it('names bytes from the start of the file when told where the message starts', () => {
    expect(() => [...readProtobufFields(Uint8Array.of(0x08, 0x96), 1000)]).toThrow(
      /truncated varint at byte 1001/,
    );
  });
});
