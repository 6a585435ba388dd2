/**
 * Values that break careless parsers, as fast-check arbitraries: wrong types, huge, negative
 * and non-finite numbers, invalid base64, odd-length payloads, unicode and lone surrogates, deep
 * nesting, prototype keys such as `__proto__`, and raw JSON text that `JSON.stringify` cannot
 * produce. Message mutations put them into valid messages.
 */
import fc from 'fast-check';
import type { JsonValue } from './fuzzed-message.js';
import { POLLUTION_MARKER, PROTOTYPE_KEYS } from './prototype-pollution.js';

/** Levels of the deeply nested arrays: deeper than `JSON.stringify` can recurse. */
export const DEEP_ARRAY_LEVELS = 10_000;
/** Levels of the deeply nested objects (6 characters each, well under a 64 KiB message). */
export const DEEP_OBJECT_LEVELS = 6_000;
/** Length of the longest generated string, in characters. */
export const LONG_STRING_CHARACTERS = 20_000;

/** JSON text that `JSON.stringify` cannot produce, spliced in where a value goes. */
export class RawJson {
  constructor(
    /** The text, exactly as it goes into the message. */
    readonly text: string,
  ) {}
}

/** A value a mutation puts into a message. */
export type FuzzValue = JsonValue | RawJson;

/** Raw JSON values: non-finite numbers, lone surrogates, polluting objects, deep nesting. */
export const RAW_JSON_VALUES: readonly string[] = [
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  '1e999',
  '-1e999',
  '-0',
  '1e-400',
  '0x10',
  '"\\ud800"',
  '"\\udfff\\ud83d"',
  '"\\u0000"',
  `{"__proto__":{"${POLLUTION_MARKER}":true}}`,
  `{"constructor":{"prototype":{"${POLLUTION_MARKER}":true}}}`,
  `{"__proto__":[],"length":1e9}`,
  `${'['.repeat(DEEP_ARRAY_LEVELS)}${']'.repeat(DEEP_ARRAY_LEVELS)}`,
  `${'{"a":'.repeat(DEEP_OBJECT_LEVELS)}null${'}'.repeat(DEEP_OBJECT_LEVELS)}`,
];

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Text that is not standard padded base64: bad characters, bad padding, URL-safe alphabet. */
export const invalidBase64: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('A', 'AA', 'AAA', 'A===', '====', 'AA=A', 'AAAA=', 'AA==AA==', '-_-_', 'AB\nCD'),
  fc.string({
    unit: fc.constantFrom(...'!@#$%^&*()-_.~ =\n\t"\\é€\u0000'),
    minLength: 1,
    maxLength: 40,
  }),
  fc
    .tuple(fc.string({ unit: fc.constantFrom(...BASE64_ALPHABET), maxLength: 40 }), fc.nat())
    .map(([text, cut]) => `${text}${'!'.repeat((cut % 3) + 1)}`),
);

/** Valid base64 of an odd number of bytes (L16 needs two bytes a sample). */
export const oddLengthBase64: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 1, maxLength: 321 })
  .map((bytes) => (bytes.length % 2 === 1 ? bytes : bytes.subarray(1)))
  .map((bytes) => Buffer.from(bytes).toString('base64'));

const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => `x${String.fromCharCode(code)}y`);

/** Strings a field should not hold: empty, keyword-like, binary, lone surrogates, bad base64, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '0', '-1', 'null', 'undefined', 'true', 'NaN', 'inbound', 'outbound'),
  fc.string({ unit: 'binary', maxLength: 48 }),
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  loneSurrogate,
  invalidBase64,
  oddLengthBase64,
  fc.nat({ max: LONG_STRING_CHARACTERS }).map((length) => 'A'.repeat(length)),
);

/** Numbers a field should not hold: negative, fractional, huge, beyond 2^53. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 1.5, -0.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 31), 2 ** 32, 8000, 16000),
  fc.integer(),
  // NaN and ±Infinity become null in JSON; the raw values spell them out
  fc.double(),
);

/** A hostile `null`, boolean, number or string. */
export const hostileScalar: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>(null, true, false),
  hostileNumber,
  hostileString,
);

/** Field names: the providers' own (so a rename can collide), prototype keys, anything. */
export const fieldName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...PROTOTYPE_KEYS,
    'toString',
    'hasOwnProperty',
    'valueOf',
    'event',
    'streamSid',
    'stream_id',
    'streamId',
    'start',
    'media',
    'payload',
    'track',
    'chunk',
    'name',
    'digit',
    'mediaFormat',
    'media_format',
    'encoding',
    'sampleRate',
    'sample_rate',
    '',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** Any hostile value: mostly scalars, some raw JSON, small arrays and objects of them. */
export const hostileValue: fc.Arbitrary<FuzzValue> = fc.oneof(
  { weight: 6, arbitrary: hostileScalar },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_JSON_VALUES).map((text) => new RawJson(text)) },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fieldName, hostileScalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue> },
);
