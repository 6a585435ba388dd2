import { WIRE_TYPE } from './protobuf-reader.js';

const UTF8 = new TextEncoder();
/** Bits of a field's tag that hold the wire type. */
const WIRE_TYPE_BITS = 3;

/** The varint encoding of a 64-bit value; negative values as two's complement (10 bytes). */
function varintBytes(value: number | bigint): number[] {
  let remaining = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (remaining >= 0x80n) {
    bytes.push(Number(remaining & 0x7fn) | 0x80);
    remaining >>= 7n;
  }
  bytes.push(Number(remaining));
  return bytes;
}

/**
 * Writes one protobuf message, field by field, in the order the calls are made. Nested
 * messages are written by their own writer and added with `message`. Only what ONNX needs:
 * varints, length-delimited bytes, strings and embedded messages.
 */
export class ProtobufWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** A varint field (`int32`, `int64`, `uint64`, `bool`, enum); negative values take 10 bytes. */
  varint(fieldNumber: number, value: number | bigint | boolean): this {
    this.#tag(fieldNumber, WIRE_TYPE.varint);
    this.#push(Uint8Array.from(varintBytes(typeof value === 'boolean' ? Number(value) : value)));
    return this;
  }

  /** A length-delimited field holding `bytes` (copied now). */
  bytes(fieldNumber: number, bytes: Uint8Array): this {
    this.#tag(fieldNumber, WIRE_TYPE.lengthDelimited);
    this.#push(Uint8Array.from(varintBytes(bytes.length)));
    this.#push(bytes.slice());
    return this;
  }

  /** A string field, as UTF-8. */
  string(fieldNumber: number, text: string): this {
    return this.bytes(fieldNumber, UTF8.encode(text));
  }

  /** An embedded message written by another writer. */
  message(fieldNumber: number, message: ProtobufWriter): this {
    return this.bytes(fieldNumber, message.finish());
  }

  /** A packed repeated varint field; nothing is written when `values` is empty. */
  packedVarints(fieldNumber: number, values: readonly (number | bigint)[]): this {
    if (values.length === 0) return this;
    return this.bytes(fieldNumber, Uint8Array.from(values.flatMap((value) => varintBytes(value))));
  }

  /** The message's bytes. */
  finish(): Uint8Array {
    const result = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      result.set(chunk, offset);
      offset += chunk.length;
    }
    return result;
  }

  #tag(fieldNumber: number, wireType: number): void {
    if (!Number.isInteger(fieldNumber) || fieldNumber < 1) {
      throw new RangeError(`protobuf field numbers start at 1, got ${fieldNumber}`);
    }
    this.#push(Uint8Array.from(varintBytes(fieldNumber * 2 ** WIRE_TYPE_BITS + wireType)));
  }

  #push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }
}
