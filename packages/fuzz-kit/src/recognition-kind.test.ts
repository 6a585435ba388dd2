import type { CallData, ProviderDescriptor, ProviderRecognition } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { toyDescriptor } from './__fixtures__/toy-provider.js';
import { parsedOrUndefined, recognitionKind, tryRecognize } from './recognition-kind.js';

/** A descriptor whose `recognize` is `answer`. */
function answering(answer: (message: unknown) => unknown): ProviderDescriptor<CallData> {
  return {
    ...toyDescriptor(),
    name: 'odd',
    recognize: answer as (message: unknown) => ProviderRecognition,
  };
}

describe('tryRecognize and recognitionKind', () => {
  it('name each documented answer', () => {
    const toy = toyDescriptor();
    expect(recognitionKind(toy, { event: 'start', streamId: 's' })).toBe('start');
    expect(recognitionKind(toy, { event: 'hello' })).toBe('preamble');
    expect(recognitionKind(toy, 'anything')).toBe('none');
    expect(
      recognitionKind(
        answering(() => ({ kind: 'refused', reason: 'PCMA' })),
        {},
      ),
    ).toBe('refused');
  });

  it('treat an exception as an escape: tryRecognize gives it, recognitionKind throws naming it', () => {
    const thrown = new TypeError("cannot read properties of null (reading 'event')");
    const throwing = answering(() => {
      throw thrown;
    });
    expect(tryRecognize(throwing, null)).toEqual({ escaped: thrown });
    expect(() => recognitionKind(throwing, null)).toThrow(/odd.recognize escaped with TypeError/);
  });

  it('treat an undocumented answer as an escape', () => {
    const answers = [
      { kind: 'start', callData: {} },
      { kind: 'refused', reason: '' },
      { kind: 'maybe' },
    ];
    for (const answer of answers) {
      expect(() =>
        recognitionKind(
          answering(() => answer),
          {},
        ),
      ).toThrow(/odd.recognize/);
    }
  });
});

describe('parsedOrUndefined', () => {
  it('parses JSON text, and gives undefined for anything else', () => {
    expect(parsedOrUndefined('{"event":"start"}')).toEqual({ event: 'start' });
    expect(parsedOrUndefined('{"event":')).toBeUndefined();
    expect(parsedOrUndefined(Uint8Array.of(0x7b, 0x7d))).toBeUndefined();
  });
});
