import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMessageRejectedError } from '../serializer/message-rejected-error.js';
import {
  messageSnippet,
  objectField,
  optionalObjectField,
  optionalStringField,
  type ProviderMessage,
  parseProviderMessage,
  stringField,
  stringRecord,
} from './provider-message.js';

const RUNS = 5000;
const PARSE_KINDS = ['binary-message', 'invalid-json', 'invalid-message'];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Inbound data: JSON of any shape, JSON with prototype keys, any text, any bytes. */
const inboundData = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc
    .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.json({ maxDepth: 2 }))
    .map(([key, value]) => `{"event":"start",${JSON.stringify(key)}:${value}}`),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
);

/** Parsed objects with fields of any type, prototype keys among their names. */
const parsedObject: fc.Arbitrary<ProviderMessage> = fc
  .dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string()), fc.jsonValue(), {
    maxKeys: 6,
  })
  .map((fields) => JSON.parse(JSON.stringify(fields)) as ProviderMessage);
const fieldName = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'start', 'event'), fc.string());

/** Runs `read`; a throw must be a MessageRejectedError `invalid-message`. */
function readOrRefuse<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    expect(isMessageRejectedError(error) && error.kind).toBe('invalid-message');
    return undefined;
  }
}

describe('parseProviderMessage under fuzzing', () => {
  it('returns a plain JSON object or refuses the data as binary-message, invalid-json or invalid-message', () => {
    fc.assert(
      fc.property(inboundData, (data) => {
        let message: ProviderMessage;
        try {
          message = parseProviderMessage(data);
        } catch (error) {
          expect(isMessageRejectedError(error) && PARSE_KINDS.includes(error.kind)).toBe(true);
          return;
        }
        expect(typeof data).toBe('string');
        expect(Array.isArray(message)).toBe(false);
        expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
      }),
      { numRuns: RUNS },
    );
  });

  it('quotes at most a snippet of the message in its reason, however long the message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 100, maxLength: 5000 }), (text) => {
        try {
          parseProviderMessage(`x${text}`);
        } catch (error) {
          expect(isMessageRejectedError(error) && error.reason).toContain(
            messageSnippet(`x${text}`),
          );
          expect((error as Error).message.length).toBeLessThan(200);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('provider message field readers under fuzzing', () => {
  it('read a field of any type, or refuse it as invalid-message, never throwing anything else', () => {
    fc.assert(
      fc.property(parsedObject, fieldName, (message, field) => {
        const object = readOrRefuse(() => objectField(message, field));
        if (object !== undefined) expect(Array.isArray(object)).toBe(false);
        const text = readOrRefuse(() => stringField(message, field));
        if (text !== undefined) expect(text.length).toBeGreaterThan(0);
        const optional = optionalStringField(message, field);
        expect(optional === undefined || typeof optional === 'string').toBe(true);
        const optionalObject = optionalObjectField(message, field);
        expect(optionalObject === undefined || typeof optionalObject === 'object').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('stringRecord keeps only string values in a plain object, whatever the keys and values', () => {
    fc.assert(
      fc.property(fc.oneof(parsedObject, fc.anything()), (value) => {
        const record = stringRecord(value);
        expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
        for (const entry of Object.values(record)) expect(typeof entry).toBe('string');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});
