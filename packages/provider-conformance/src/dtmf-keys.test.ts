import { DtmfToneGenerator, pcmToUlaw, ulawToPcm } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { decodeDtmfKeys } from './dtmf-keys.js';

describe('decodeDtmfKeys', () => {
  it('reads back the keys of in-band tones, through μ-law', () => {
    const keys = new DtmfToneGenerator(8000).generate('42#*09');
    expect(decodeDtmfKeys(ulawToPcm(pcmToUlaw(keys)), 8000)).toBe('42#*09');
  });

  it('counts a key held over a pause twice, and finds none in silence', () => {
    const generator = new DtmfToneGenerator(16_000);
    expect(decodeDtmfKeys(generator.generate('55'), 16_000)).toBe('55');
    expect(decodeDtmfKeys(new Int16Array(8000), 8000)).toBe('');
  });
});
