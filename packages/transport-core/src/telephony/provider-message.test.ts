import { describe, expect, it } from 'vitest';
import { isMessageRejectedError } from '../serializer/message-rejected-error.js';
import {
  objectField,
  optionalStringField,
  optionalWholeNumberField,
  parseProviderMessage,
  stringField,
  stringRecord,
} from './provider-message.js';

function rejectionOf(action: () => unknown): { kind: string; reason: string } {
  try {
    action();
  } catch (error) {
    if (isMessageRejectedError(error)) return { kind: error.kind, reason: error.reason };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('parseProviderMessage', () => {
  it('parses a JSON object message', () => {
    expect(parseProviderMessage('{"event":"media","n":1}')).toEqual({ event: 'media', n: 1 });
  });

  it('rejects binary messages as binary-message', () => {
    expect(rejectionOf(() => parseProviderMessage(new Uint8Array(4))).kind).toBe('binary-message');
  });

  it('rejects text that is not JSON as invalid-json, quoting the start of it', () => {
    const rejection = rejectionOf(() => parseProviderMessage('hello there'));
    expect(rejection).toEqual({ kind: 'invalid-json', reason: 'not JSON: hello there' });
  });

  it('rejects JSON that is not an object as invalid-message', () => {
    for (const text of ['[1,2]', '"x"', 'null', '42']) {
      expect(rejectionOf(() => parseProviderMessage(text)).kind).toBe('invalid-message');
    }
  });

  it('shortens long messages in reasons', () => {
    const rejection = rejectionOf(() => parseProviderMessage(`x${'a'.repeat(500)}`));
    expect(rejection.reason.length).toBeLessThan(100);
  });
});

describe('message fields', () => {
  const message = parseProviderMessage(
    '{"event":"start","start":{"streamSid":"MZ1","n":7},"empty":"","list":[1]}',
  );

  it('reads present fields', () => {
    expect(objectField(message, 'start')).toEqual({ streamSid: 'MZ1', n: 7 });
    expect(stringField(message, 'event')).toBe('start');
    expect(optionalStringField(objectField(message, 'start'), 'n')).toBe('7');
    expect(optionalStringField(message, 'missing')).toBeUndefined();
  });

  it('rejects missing or mistyped fields, naming the field', () => {
    expect(rejectionOf(() => objectField(message, 'list'))).toEqual({
      kind: 'invalid-message',
      reason: '"list" must be an object',
    });
    expect(rejectionOf(() => stringField(message, 'empty')).reason).toContain('"empty"');
    expect(rejectionOf(() => stringField(message, 'nope')).kind).toBe('invalid-message');
  });

  it('keeps only scalar entries of a loose record, as strings', () => {
    expect(stringRecord({ a: 'x', b: 2, c: true, d: { e: 1 }, f: null })).toEqual({
      a: 'x',
      b: '2',
      c: 'true',
    });
    expect(stringRecord('nope')).toEqual({});
  });
});

describe('optionalWholeNumberField', () => {
  it('reads whole numbers given as numbers or as decimal digits, and nothing else', () => {
    const read = (value: unknown) => optionalWholeNumberField({ field: value }, 'field');
    expect([
      read(0),
      read(41),
      read('0'),
      read('5000'),
      read('007'),
      read('999999999999999'),
    ]).toEqual([0, 41, 0, 5000, 7, 999_999_999_999_999]);
    for (const bad of [
      undefined,
      null,
      '',
      '-20',
      '5.5',
      ' 5',
      '1e3',
      '0x10',
      '1000000000000000',
      -1,
      2.5,
      Number.NaN,
      {},
    ]) {
      expect(read(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});
