import { describe, expect, it } from 'vitest';
import { DtmfToneGenerator } from '../../audio/dtmf-tone-generator.js';
import { pcmToUlaw, ulawToPcm } from '../../audio/g711-ulaw.js';
import { decodeDtmfKeys } from './decode-dtmf-keys.js';

const RATE = 8000;

describe('decodeDtmfKeys', () => {
  it('reads back the keys of in-band tones, through μ-law', () => {
    const keys = new DtmfToneGenerator(RATE).generate('42#*09');
    expect(decodeDtmfKeys(ulawToPcm(pcmToUlaw(keys)), RATE)).toBe('42#*09');
  });

  it('reads back the keys core plays as tones, repeated keys included', () => {
    const tones = new DtmfToneGenerator(RATE).generate(['4', '2', '*', '1', '1']);
    expect(decodeDtmfKeys(tones, RATE)).toBe('42*11');
  });

  it('counts a key held over a pause twice, and finds none in silence', () => {
    const generator = new DtmfToneGenerator(16_000);
    expect(decodeDtmfKeys(generator.generate('55'), 16_000)).toBe('55');
    expect(decodeDtmfKeys(new Int16Array(RATE), RATE)).toBe('');
  });
});
