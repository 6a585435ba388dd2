import { DtmfToneGenerator } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { decodeDtmfKeys } from './dtmf-keys.js';

const RATE = 8000;

describe('decodeDtmfKeys', () => {
  it('reads back the keys core plays as tones, repeated keys included', () => {
    const tones = new DtmfToneGenerator(RATE).generate(['4', '2', '*', '1', '1']);
    expect(decodeDtmfKeys(tones, RATE)).toBe('42*11');
  });

  it('reads nothing in silence', () => {
    expect(decodeDtmfKeys(new Int16Array(RATE), RATE)).toBe('');
  });
});
