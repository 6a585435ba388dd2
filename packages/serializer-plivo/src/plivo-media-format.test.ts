import { describe, expect, it } from 'vitest';
import {
  checkPlivoMediaFormat,
  plivoContentType,
  plivoMediaFormat,
  plivoStreamContentType,
} from './plivo-media-format.js';

describe('plivoMediaFormat', () => {
  it('maps the three formats Plivo streams', () => {
    expect(plivoMediaFormat('audio/x-mulaw', 8000)).toEqual({
      encoding: 'PCMU',
      sampleRate: 8000,
      channels: 1,
    });
    expect(plivoMediaFormat('audio/x-l16', 8000)).toEqual({
      encoding: 'L16',
      sampleRate: 8000,
      channels: 1,
    });
    expect(plivoMediaFormat('audio/x-l16', 16000)).toEqual({
      encoding: 'L16',
      sampleRate: 16000,
      channels: 1,
    });
  });

  it('accepts the contentType form with a rate parameter and a numeric string rate', () => {
    expect(plivoMediaFormat('audio/x-l16;rate=16000', undefined)?.sampleRate).toBe(16000);
    expect(plivoMediaFormat('Audio/X-Mulaw; rate=8000', 8000)?.encoding).toBe('PCMU');
    expect(plivoMediaFormat('audio/x-mulaw', '8000')?.encoding).toBe('PCMU');
  });

  it.each([
    ['audio/x-mulaw', 16000],
    ['audio/x-l16', 44100],
    ['audio/x-alaw', 8000],
    ['PCMU', 8000],
    ['audio/x-l16;rate=16000', 8000],
    ['audio/x-mulaw', undefined],
    ['audio/x-mulaw', 'fast'],
    [42, 8000],
  ])('refuses %j at %j', (encoding, sampleRate) => {
    expect(plivoMediaFormat(encoding, sampleRate)).toBeUndefined();
  });
});

describe('checkPlivoMediaFormat', () => {
  it('names the refused format and the supported ones', () => {
    expect(() =>
      checkPlivoMediaFormat({ encoding: 'PCMA', sampleRate: 8000, channels: 1 }),
    ).toThrow(
      /unsupported Plivo media format "PCMA" at 8000 Hz, 1 channel\(s\): Plivo streams audio\/x-mulaw at 8000 Hz, or audio\/x-l16 at 8000 or 16000 Hz/,
    );
    expect(() =>
      checkPlivoMediaFormat({ encoding: 'L16', sampleRate: 16000, channels: 2 }),
    ).toThrow(/2 channel/);
  });

  it('gives the playAudio and <Stream> content types of a format', () => {
    const wide = { encoding: 'L16', sampleRate: 16000, channels: 1 } as const;
    expect(plivoContentType(wide)).toBe('audio/x-l16');
    expect(plivoStreamContentType(wide)).toBe('audio/x-l16;rate=16000');
    expect(plivoStreamContentType({ encoding: 'PCMU', sampleRate: 8000, channels: 1 })).toBe(
      'audio/x-mulaw;rate=8000',
    );
  });
});
