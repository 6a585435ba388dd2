import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWireMessage, FuzzedMessage, SHOWN_MESSAGE_CHARACTERS } from './fuzzed-message.js';

describe('describeWireMessage', () => {
  it('shows a short text message whole, with its framing and length', () => {
    expect(describeWireMessage('{"a":1}')).toBe('text message of 7 characters: "{\\"a\\":1}"');
  });

  it('shows a binary message as latin1 text', () => {
    expect(describeWireMessage(Uint8Array.of(0x41, 0xff))).toBe(
      'binary message of 2 characters: "Aÿ"',
    );
  });

  it('cuts a long message in the middle, keeping its start and its end', () => {
    const long = `${'['.repeat(5_000)}END`;
    const described = describeWireMessage(long, 60);
    expect(described).toContain('of 5003 characters');
    expect(described).toContain('…');
    expect(described.endsWith('END"')).toBe(true);
    expect(described.length).toBeLessThan(120);
  });
});

describe('FuzzedMessage', () => {
  it('prints as its excerpt in fast-check reports', () => {
    const message = new FuzzedMessage('x'.repeat(SHOWN_MESSAGE_CHARACTERS * 10));
    const printed = fc.stringify(message);
    expect(printed).toBe(describeWireMessage(message.data));
    expect(printed.length).toBeLessThan(SHOWN_MESSAGE_CHARACTERS + 100);
  });
});
