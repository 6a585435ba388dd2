import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageDataOf } from './websocket-like.js';

const RUNS = 3000;

/** What a socket may hand over: text, bytes in every container runtimes use, or anything. */
const messageData = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.uint8Array({ maxLength: 100 }),
  fc.uint8Array({ maxLength: 100 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 100 }).map((bytes) => bytes.slice().buffer),
  fc.int16Array({ maxLength: 50 }),
  fc.float64Array({ maxLength: 20 }),
  fc.array(
    fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes)),
    { maxLength: 4 },
  ),
  fc.anything(),
);

/** The bytes of a view or buffer, as seen through a `Uint8Array`. */
function bytesOf(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

describe('messageDataOf under fuzzing', () => {
  it('gives text as is, any bytes as the same bytes, and refuses anything else with a TypeError', () => {
    fc.assert(
      fc.property(messageData, (data) => {
        let result: string | Uint8Array;
        try {
          result = messageDataOf(data);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          const isBytes = data instanceof ArrayBuffer || ArrayBuffer.isView(data);
          expect(isBytes || typeof data === 'string').toBe(false);
          return;
        }
        if (typeof data === 'string') expect(result).toBe(data);
        else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
          expect(Buffer.from(result as Uint8Array)).toEqual(Buffer.from(bytesOf(data)));
        } else {
          expect(Array.isArray(data)).toBe(true);
          expect(Buffer.from(result as Uint8Array)).toEqual(Buffer.concat(data as Uint8Array[]));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
