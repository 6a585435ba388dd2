import { type FrameSerializer, InputDTMFFrame, MessageRejectedError } from '@x/transport-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { badMessages, deserializeOutcome, tryDeserialize } from './deserialize-outcome.js';
import { FuzzedMessage } from './fuzzed-message.js';

/** A serializer whose `deserialize` is `answer`. */
function serializer(answer: (data: string | Uint8Array) => unknown): FrameSerializer {
  return {
    name: 'test',
    setup: () => {},
    serialize: () => undefined,
    deserialize: answer as FrameSerializer['deserialize'],
  };
}

const FIVE = new InputDTMFFrame('5');
const keyPress = serializer((data) => {
  if (data === '5') return FIVE;
  if (data === '55') return [FIVE, FIVE];
  if (data === 'none') return undefined;
  throw new MessageRejectedError('invalid-dtmf', 'not 5');
});

describe('tryDeserialize', () => {
  it('gives the frames returned, one or several, or none', () => {
    expect(tryDeserialize(keyPress, '5')).toEqual({ frames: [FIVE] });
    expect(tryDeserialize(keyPress, '55')).toEqual({ frames: [FIVE, FIVE] });
    expect(tryDeserialize(keyPress, 'none')).toEqual({ frames: [] });
  });

  it('gives the kind of a MessageRejectedError', () => {
    expect(tryDeserialize(keyPress, '6')).toEqual({ rejected: 'invalid-dtmf' });
  });

  it('gives any other exception as escaped', () => {
    const thrown = new TypeError('cannot read properties of undefined');
    expect(
      tryDeserialize(
        serializer(() => {
          throw thrown;
        }),
        'x',
      ),
    ).toEqual({ escaped: thrown });
  });

  it('gives a returned value that is not a frame as escaped', () => {
    const outcome = tryDeserialize(
      serializer(() => [null]),
      'x',
    );
    expect(String((outcome as { escaped: unknown }).escaped)).toContain('which is not a frame');
  });
});

describe('deserializeOutcome', () => {
  it('returns frames and rejections, and throws on an escape, naming it', () => {
    expect(deserializeOutcome(keyPress, '6').rejected).toBe('invalid-dtmf');
    const careless = serializer((data) => JSON.parse(String(data)));
    expect(() => deserializeOutcome(careless, '{')).toThrow(/deserialize escaped with SyntaxError/);
  });
});

describe('badMessages', () => {
  it('keeps only the messages a fresh serializer refuses', () => {
    const messages = fc.constantFrom('5', '6', 'none', '7').map((data) => new FuzzedMessage(data));
    const bad = fc.sample(
      badMessages(messages, () => keyPress),
      { numRuns: 100, seed: 5 },
    );
    expect(new Set(bad.map((message) => message.data))).toEqual(new Set(['6', '7']));
  });

  it('asks a fresh serializer each time', () => {
    let built = 0;
    const fresh = () => {
      built++;
      return keyPress;
    };
    fc.sample(badMessages(fc.constant(new FuzzedMessage('6')), fresh), { numRuns: 10 });
    expect(built).toBe(10);
  });
});
