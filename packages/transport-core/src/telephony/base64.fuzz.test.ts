import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMessageRejectedError } from '../serializer/message-rejected-error.js';
import { decodeBase64Payload, encodeBase64, isStrictBase64 } from './base64.js';

const RUNS = 5000;
const BASE64_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';

/** Text near base64: its alphabet with padding anywhere, plus a few characters it never has. */
const nearBase64 = fc.string({
  unit: fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...BASE64_CHARACTERS) },
    { weight: 1, arbitrary: fc.constantFrom('-', '_', ' ', '\n', '.', '\u0000', 'é', '\ud800') },
  ),
  maxLength: 64,
});

describe('decodeBase64Payload under fuzzing', () => {
  it('gives back the bytes encodeBase64 was given, for any bytes, however they sit in their buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.nat({ max: 7 }), (bytes, offset) => {
        const buffer = new Uint8Array(offset + bytes.length);
        buffer.set(bytes, offset);
        const view = buffer.subarray(offset);
        expect(decodeBase64Payload(encodeBase64(view))).toEqual(Buffer.from(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('either decodes text exactly as Node does, 3 bytes per 4 characters less padding, or refuses it as invalid-audio naming the field', () => {
    fc.assert(
      fc.property(
        fc.oneof(nearBase64, fc.string({ unit: 'binary', maxLength: 64 })),
        fc.string({ maxLength: 12 }),
        (text, field) => {
          let decoded: Uint8Array;
          try {
            decoded = decodeBase64Payload(text, field);
          } catch (error) {
            expect(isMessageRejectedError(error) && error.kind).toBe('invalid-audio');
            expect((error as Error).message).toContain(`"${field}"`);
            return;
          }
          expect(text.length % 4).toBe(0);
          const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
          expect(decoded.length).toBe((text.length / 4) * 3 - padding);
          expect(Buffer.from(decoded)).toEqual(Buffer.from(text, 'base64'));
        },
      ),
      { numRuns: RUNS },
    );
  });

  // The grammar of standard padded base64, as a regular expression: what the decoder used to run
  // on every message, kept here as the definition the faster check must agree with.
  const STRICT_BASE64_GRAMMAR = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

  it('accepts exactly the texts the base64 grammar accepts', () => {
    fc.assert(
      fc.property(fc.oneof(nearBase64, fc.string({ unit: 'binary', maxLength: 64 })), (text) => {
        expect(isStrictBase64(text)).toBe(STRICT_BASE64_GRAMMAR.test(text));
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('accepts exactly the grammar on every short text over a mixed alphabet', () => {
    const alphabet = ['A', 'z', '9', '+', '/', '=', '-', '_', ' '];
    const texts = [''];
    for (let length = 1; length <= 5; length++) {
      for (const text of texts.filter((candidate) => candidate.length === length - 1)) {
        for (const character of alphabet) texts.push(text + character);
      }
    }
    expect(texts.length).toBeGreaterThan(60_000);
    for (const text of texts) {
      expect(isStrictBase64(text), JSON.stringify(text)).toBe(STRICT_BASE64_GRAMMAR.test(text));
    }
  });
});
