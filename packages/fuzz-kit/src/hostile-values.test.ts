import { isMessageRejectedError } from '@x/transport-core';
import { decodeBase64Payload } from '@x/transport-core/provider-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEEP_ARRAY_LEVELS,
  hostileValue,
  invalidBase64,
  oddLengthBase64,
  RAW_JSON_VALUES,
  RawJson,
} from './hostile-values.js';

const SAMPLES = 500;

describe('hostile values', () => {
  it('invalidBase64 is refused by the strict base64 decoder, every time', () => {
    fc.assert(
      fc.property(invalidBase64, (text) => {
        expect(() => decodeBase64Payload(text)).toThrow();
        try {
          decodeBase64Payload(text);
        } catch (error) {
          expect(isMessageRejectedError(error)).toBe(true);
        }
      }),
      { numRuns: SAMPLES },
    );
  });

  it('oddLengthBase64 is valid base64 of an odd number of bytes', () => {
    fc.assert(
      fc.property(oddLengthBase64, (text) => {
        expect(decodeBase64Payload(text).length % 2).toBe(1);
      }),
      { numRuns: SAMPLES },
    );
  });

  it('the deep raw array parses as JSON but is deeper than JSON.stringify can recurse', () => {
    const deep = RAW_JSON_VALUES.find((text) => text.startsWith('['.repeat(DEEP_ARRAY_LEVELS)));
    expect(deep).toBeDefined();
    expect(() => JSON.stringify(JSON.parse(deep!))).toThrow(RangeError);
  });

  it('hostileValue gives raw JSON text as well as JSON values', () => {
    const values = fc.sample(hostileValue, { numRuns: SAMPLES, seed: 1 });
    expect(values.some((value) => value instanceof RawJson)).toBe(true);
    expect(values.some((value) => typeof value === 'string')).toBe(true);
    expect(values.some((value) => typeof value === 'number')).toBe(true);
  });
});
