/**
 * Protocol Buffers wire types (https://protobuf.dev/programming-guides/encoding/). Groups
 * (3 and 4) are deprecated and not supported.
 */
export const WIRE_TYPE = Object.freeze({
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  fixed32: 5,
});

/** Most bytes a varint takes (a 64-bit value, 7 bits per byte). */
const MAX_VARINT_BYTES = 10;
const FIXED64_BYTES = 8;
const FIXED32_BYTES = 4;

/** One field of a message as it is on the wire. */
export type ProtobufField =
  | {
      readonly number: number;
      readonly wireType: typeof WIRE_TYPE.varint;
      /** The varint as an unsigned 64-bit value (see `int64Of` for signed ones). */
      readonly value: bigint;
    }
  | {
      readonly number: number;
      readonly wireType:
        | typeof WIRE_TYPE.lengthDelimited
        | typeof WIRE_TYPE.fixed64
        | typeof WIRE_TYPE.fixed32;
      /** The field's bytes (a view into the message, not a copy). */
      readonly value: Uint8Array;
    };

/** The bytes are not a well-formed protobuf message; names the byte where reading stopped. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
  /** Where reading stopped, in bytes from the start of the outermost message (the file). */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.offset = offset;
  }
}

/**
 * Reads a varint at `offset`; returns it (unsigned, 64 bits) and the offset after it. Errors
 * name `baseOffset + offset`.
 */
function readVarint(
  bytes: Uint8Array,
  offset: number,
  baseOffset: number,
): [value: bigint, next: number] {
  let value = 0n;
  let shift = 0n;
  for (let index = 0; index < MAX_VARINT_BYTES; index++) {
    const position = offset + index;
    if (position >= bytes.length) {
      throw new ProtobufDecodeError('truncated varint', baseOffset + offset);
    }
    const byte = bytes[position]!;
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return [BigInt.asUintN(64, value), position + 1];
    shift += 7n;
  }
  throw new ProtobufDecodeError(
    `varint longer than ${MAX_VARINT_BYTES} bytes`,
    baseOffset + offset,
  );
}

/** A non-negative varint that must fit a JavaScript number (a tag or a length). */
function readSmallVarint(
  bytes: Uint8Array,
  offset: number,
  baseOffset: number,
): [value: number, next: number] {
  const [value, next] = readVarint(bytes, offset, baseOffset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ProtobufDecodeError(`varint ${value} too large`, baseOffset + offset);
  }
  return [Number(value), next];
}

/**
 * The fields of one message, in wire order (repeated fields appear once per element). Every
 * length is checked against the message's end, so truncated or garbled bytes throw a
 * `ProtobufDecodeError` rather than read past the message.
 *
 * `baseOffset` is added to the offsets in error messages (the message's position in its file).
 */
export function* readProtobufFields(
  bytes: Uint8Array,
  baseOffset = 0,
): Generator<ProtobufField, void, undefined> {
  const end = bytes.length;
  let offset = 0;
  while (offset < end) {
    const fieldStart = baseOffset + offset;
    let tag: number;
    [tag, offset] = readSmallVarint(bytes, offset, baseOffset);
    const number = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (number === 0) throw new ProtobufDecodeError('field number 0', fieldStart);
    switch (wireType) {
      case WIRE_TYPE.varint: {
        let value: bigint;
        [value, offset] = readVarint(bytes, offset, baseOffset);
        yield { number, wireType, value };
        break;
      }
      case WIRE_TYPE.lengthDelimited: {
        let length: number;
        [length, offset] = readSmallVarint(bytes, offset, baseOffset);
        if (offset + length > end) {
          throw new ProtobufDecodeError(
            `field ${number} of ${length} bytes runs past the end of its message (${end - offset} left)`,
            fieldStart,
          );
        }
        yield { number, wireType, value: bytes.subarray(offset, offset + length) };
        offset += length;
        break;
      }
      case WIRE_TYPE.fixed64:
      case WIRE_TYPE.fixed32: {
        const length = wireType === WIRE_TYPE.fixed64 ? FIXED64_BYTES : FIXED32_BYTES;
        if (offset + length > end) {
          throw new ProtobufDecodeError(`truncated ${length * 8}-bit field ${number}`, fieldStart);
        }
        yield { number, wireType, value: bytes.subarray(offset, offset + length) };
        offset += length;
        break;
      }
      default:
        throw new ProtobufDecodeError(
          `unsupported wire type ${wireType} (field ${number})`,
          fieldStart,
        );
    }
  }
}

/** The elements of a packed repeated varint field (unsigned, 64 bits each). */
export function readPackedVarints(bytes: Uint8Array, baseOffset = 0): bigint[] {
  const values: bigint[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let value: bigint;
    [value, offset] = readVarint(bytes, offset, baseOffset);
    values.push(value);
  }
  return values;
}

/** The elements of a packed repeated 32-bit float field. */
export function readPackedFloat32(bytes: Uint8Array, baseOffset = 0): number[] {
  if (bytes.length % FIXED32_BYTES !== 0) {
    throw new ProtobufDecodeError(
      `packed 32-bit floats in ${bytes.length} bytes (not a multiple of ${FIXED32_BYTES})`,
      baseOffset,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += FIXED32_BYTES) {
    values.push(view.getFloat32(offset, true));
  }
  return values;
}

/** A varint as a signed 64-bit integer (protobuf `int64` / `int32`: two's complement). */
export function int64Of(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A length-delimited field as UTF-8 text. */
export function stringOf(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}
