import { describe, expect, it } from 'vitest';
import { rejectionOf } from './__fixtures__/fixtures.js';
import {
  checkTelnyxBotAudioFormat,
  checkTelnyxCallerAudioFormat,
  parseTelnyxMediaFormat,
  telnyxCodecOf,
} from './telnyx-audio-format.js';

describe('parseTelnyxMediaFormat', () => {
  it('reads PCMU, PCMA and L16 with the rate the start message states', () => {
    expect(parseTelnyxMediaFormat({ encoding: 'PCMU', sample_rate: 8000, channels: 1 })).toEqual({
      encoding: 'PCMU',
      sampleRate: 8000,
      channels: 1,
    });
    expect(parseTelnyxMediaFormat({ encoding: 'PCMA', sample_rate: 8000, channels: 1 })).toEqual({
      encoding: 'PCMA',
      sampleRate: 8000,
      channels: 1,
    });
    expect(parseTelnyxMediaFormat({ encoding: 'L16', sample_rate: 16000, channels: 1 })).toEqual({
      encoding: 'L16',
      sampleRate: 16000,
      channels: 1,
    });
  });

  it('accepts the MIME-style names of older docs as aliases, whatever their case', () => {
    expect(parseTelnyxMediaFormat({ encoding: 'audio/x-mulaw', sample_rate: 8000 }).encoding).toBe(
      'PCMU',
    );
    expect(
      parseTelnyxMediaFormat({ encoding: 'audio/x-alaw;rate=8000', sample_rate: 8000 }).encoding,
    ).toBe('PCMA');
    expect(parseTelnyxMediaFormat({ encoding: 'audio/L16', sample_rate: 24000 })).toEqual({
      encoding: 'L16',
      sampleRate: 24000,
      channels: 1,
    });
    expect(parseTelnyxMediaFormat({ encoding: 'pcmu' }).encoding).toBe('PCMU');
  });

  it('refuses G722, OPUS, AMR-WB and unknown codecs, naming the codec', () => {
    for (const encoding of ['G722', 'OPUS', 'AMR-WB', 'audio/opus', 'SPEEX']) {
      const rejection = rejectionOf(() =>
        parseTelnyxMediaFormat({ encoding, sample_rate: 16000, channels: 1 }),
      );
      expect(rejection.kind).toBe('unsupported-codec');
      expect(rejection.reason).toContain(`"${encoding}"`);
      expect(rejection.reason).toContain('PCMU, PCMA or L16');
    }
  });

  it('takes 8000 Hz for G.711 without a rate but requires the rate of L16', () => {
    expect(parseTelnyxMediaFormat({ encoding: 'PCMA' }).sampleRate).toBe(8000);
    expect(rejectionOf(() => parseTelnyxMediaFormat({ encoding: 'L16' }))).toEqual({
      kind: 'invalid-message',
      reason: '"media_format.sample_rate" must be an integer from 8000 to 48000 Hz, got nothing',
    });
    expect(
      rejectionOf(() => parseTelnyxMediaFormat({ encoding: 'L16', sample_rate: 'fast' })).reason,
    ).toContain('"fast"');
  });

  it('refuses more than one channel and a missing encoding', () => {
    expect(
      rejectionOf(() =>
        parseTelnyxMediaFormat({ encoding: 'PCMU', sample_rate: 8000, channels: 2 }),
      ),
    ).toEqual({
      kind: 'unsupported-codec',
      reason: '"media_format.channels" must be 1 (mono), got 2',
    });
    expect(rejectionOf(() => parseTelnyxMediaFormat({ sample_rate: 8000 })).kind).toBe(
      'invalid-message',
    );
  });

  it('names no codec for unknown values', () => {
    expect(telnyxCodecOf('audio/x-unknown')).toBeUndefined();
    expect(telnyxCodecOf(' AMR-WB ')).toBe('AMR-WB');
  });
});

describe('bot and caller audio format checks', () => {
  it('accepts what Telnyx can take back in RTP mode', () => {
    for (const format of [
      { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      { encoding: 'PCMA', sampleRate: 8000, channels: 1 },
      { encoding: 'L16', sampleRate: 16000, channels: 1 },
      { encoding: 'L16', sampleRate: 22050, channels: 1 },
    ] as const) {
      expect(checkTelnyxBotAudioFormat(format)).toBe(format);
    }
  });

  it('refuses bot formats Telnyx does not offer, naming the bad value', () => {
    expect(() =>
      checkTelnyxBotAudioFormat({ encoding: 'PCMU', sampleRate: 16000, channels: 1 }),
    ).toThrow('bot audio PCMU must be at 8000 Hz, got 16000');
    expect(() =>
      checkTelnyxBotAudioFormat({ encoding: 'L16', sampleRate: 44100, channels: 1 }),
    ).toThrow(/L16 rate 44100 Hz is not one Telnyx offers/);
    expect(() =>
      checkTelnyxBotAudioFormat({ encoding: 'G722' as 'PCMU', sampleRate: 16000, channels: 1 }),
    ).toThrow('bot audio encoding "G722" is not supported: use PCMU, PCMA or L16');
    expect(() =>
      checkTelnyxBotAudioFormat({ encoding: 'PCMU', sampleRate: 8000, channels: 2 }),
    ).toThrow('bot audio must be mono, got 2 channels');
  });

  it('refuses a caller format the package cannot decode, naming the codec', () => {
    expect(() =>
      checkTelnyxCallerAudioFormat({ encoding: 'OPUS' as 'PCMU', sampleRate: 48000, channels: 1 }),
    ).toThrow(/codec "OPUS" is not supported/);
    expect(() =>
      checkTelnyxCallerAudioFormat({ encoding: 'L16', sampleRate: 4000, channels: 1 }),
    ).toThrow(/4000/);
  });
});
