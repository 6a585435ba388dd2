import { describe, expect, it } from 'vitest';
import {
  formatPlivoExtraHeaders,
  PLIVO_EXTRA_HEADERS_MAX_BYTES,
  parsePlivoExtraHeaders,
} from './plivo-extra-headers.js';

describe('parsePlivoExtraHeaders', () => {
  it('reads the semicolon form of the event docs', () => {
    expect(parsePlivoExtraHeaders('userId=12345;sessionId=abc-xyz')).toEqual({
      userId: '12345',
      sessionId: 'abc-xyz',
    });
  });

  it('reads the comma form of the XML docs', () => {
    expect(parsePlivoExtraHeaders('userId=12345,sessionId=abc')).toEqual({
      userId: '12345',
      sessionId: 'abc',
    });
  });

  it('reads a JSON object string, converting numbers and booleans to strings', () => {
    expect(
      parsePlivoExtraHeaders('{"userId":"12345","attempt":2,"vip":true,"nested":{"a":1}}'),
    ).toEqual({
      userId: '12345',
      attempt: '2',
      vip: 'true',
    });
  });

  it('trims spaces, keeps "=" inside values and skips parts without a key', () => {
    expect(parsePlivoExtraHeaders(' a = 1 ; token=x=y ;; novalue ; =orphan ')).toEqual({
      a: '1',
      token: 'x=y',
    });
  });

  it('reads text that only looks like JSON as pairs', () => {
    expect(parsePlivoExtraHeaders('{broken=1;b=2')).toEqual({ '{broken': '1', b: '2' });
  });

  it('gives an empty record for an empty string and never sets a prototype', () => {
    expect(parsePlivoExtraHeaders('')).toEqual({});
    const parsed = parsePlivoExtraHeaders('__proto__=x;a=1');
    expect(parsed).toEqual({ a: '1' });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});

describe('formatPlivoExtraHeaders', () => {
  it('joins key=value pairs with commas', () => {
    expect(formatPlivoExtraHeaders({ userId: '12345', sessionId: 'abc' })).toBe(
      'userId=12345,sessionId=abc',
    );
  });

  it('round-trips through the parser', () => {
    const parameters = { a1: 'B2', c3: '', D4: '0' };
    expect(parsePlivoExtraHeaders(formatPlivoExtraHeaders(parameters))).toEqual(parameters);
  });

  it.each([
    [{ 'user-id': '1' }, /key "user-id"/],
    [{ '': '1' }, /key ""/],
    [{ userId: 'a b' }, /value "a b" of "userId"/],
    [{ userId: 'x,y=z' }, /value "x,y=z"/],
    [{ name: 'Zoë' }, /value "Zoë"/],
  ])('refuses characters Plivo does not allow: %j', (parameters, message) => {
    expect(() => formatPlivoExtraHeaders(parameters)).toThrow(message);
  });

  it('accepts exactly 512 bytes and refuses 513', () => {
    const fits = { k: 'v'.repeat(PLIVO_EXTRA_HEADERS_MAX_BYTES - 2) };
    expect(formatPlivoExtraHeaders(fits)).toHaveLength(512);
    const tooLong = { k: 'v'.repeat(PLIVO_EXTRA_HEADERS_MAX_BYTES - 1) };
    expect(() => formatPlivoExtraHeaders(tooLong)).toThrow(/513 bytes, over the 512-byte limit/);
  });
});
