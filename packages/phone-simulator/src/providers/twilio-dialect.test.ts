import { describe, expect, it } from 'vitest';
import { resolveCodec } from '../audio/media-codec.js';
import { TwilioDialect } from './twilio-dialect.js';

const SID = /^(AC|CA|MZ)[0-9a-f]{32}$/;

function dialect(): TwilioDialect {
  return new TwilioDialect({ customParameters: { FirstName: 'Jane' } });
}

describe('TwilioDialect', () => {
  it('opens with connected then start in the documented shape, with AC/CA/MZ SIDs', () => {
    const twilio = dialect();
    const [connected, start] = twilio.openingMessages().map((text) => JSON.parse(text));
    expect(connected).toEqual({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    expect(Object.keys(start)).toEqual(['event', 'sequenceNumber', 'start', 'streamSid']);
    expect(start).toEqual({
      event: 'start',
      sequenceNumber: '1',
      start: {
        accountSid: twilio.ids.accountId,
        streamSid: twilio.ids.streamId,
        callSid: twilio.ids.callId,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: { FirstName: 'Jane' },
      },
      streamSid: twilio.ids.streamId,
    });
    expect(twilio.ids.accountId).toMatch(SID);
    expect(twilio.ids.accountId.startsWith('AC')).toBe(true);
    expect(twilio.ids.callId.startsWith('CA')).toBe(true);
    expect(twilio.ids.streamId.startsWith('MZ')).toBe(true);
  });

  it('numbers media, dtmf, mark and stop messages with string sequence numbers after start', () => {
    const twilio = dialect();
    twilio.openingMessages();
    const media = JSON.parse(twilio.mediaMessage('//8=', 4));
    expect(media).toEqual({
      event: 'media',
      sequenceNumber: '2',
      media: { track: 'inbound', chunk: '5', timestamp: '80', payload: '//8=' },
      streamSid: twilio.ids.streamId,
    });
    expect(JSON.parse(twilio.dtmfMessage('#'))).toEqual({
      event: 'dtmf',
      streamSid: twilio.ids.streamId,
      sequenceNumber: '3',
      dtmf: { track: 'inbound_track', digit: '#' },
    });
    expect(JSON.parse(twilio.markAnswer('greeting'))).toEqual({
      event: 'mark',
      sequenceNumber: '4',
      streamSid: twilio.ids.streamId,
      mark: { name: 'greeting' },
    });
    expect(JSON.parse(twilio.stopMessage())).toEqual({
      event: 'stop',
      sequenceNumber: '5',
      stop: { accountSid: twilio.ids.accountId, callSid: twilio.ids.callId },
      streamSid: twilio.ids.streamId,
    });
  });

  it('accepts media, mark and clear with exactly the documented fields', () => {
    const twilio = dialect();
    const streamSid = twilio.ids.streamId;
    expect(
      twilio.readBotMessage(
        JSON.stringify({ event: 'media', streamSid, media: { payload: '//5+gAB/' } }),
      ),
    ).toEqual({
      command: { kind: 'audio', payload: '//5+gAB/', byteLength: 6 },
      violations: [],
    });
    expect(
      twilio.readBotMessage(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'x' } }))
        .command,
    ).toEqual({
      kind: 'mark',
      name: 'x',
    });
    expect(twilio.readBotMessage(JSON.stringify({ event: 'clear', streamSid })).command).toEqual({
      kind: 'clear',
    });
  });

  it.each([
    ['a binary frame', new Uint8Array([1, 2, 3]), 31950, 'binary-frame'],
    ['text that is not JSON', 'hello', 31951, 'not-json'],
    ['an unknown event', { event: 'play', streamSid: 'MZ' }, 31951, 'unknown-event'],
    ['DTMF from the server', { event: 'dtmf', dtmf: { digit: '1' } }, 31924, 'dtmf-not-supported'],
    ['a message only Twilio sends', { event: 'start' }, 31924, 'unsupported-event'],
    [
      'media without streamSid',
      { event: 'media', media: { payload: '//8=' } },
      31951,
      'missing-field',
    ],
    [
      'media with an extra top-level field',
      { event: 'media', streamSid: 'SID', media: { payload: '//8=' }, track: 'outbound' },
      31951,
      'extra-field',
    ],
    [
      'media with an extra media field',
      { event: 'media', streamSid: 'SID', media: { payload: '//8=', track: 'outbound' } },
      31951,
      'extra-field',
    ],
    [
      'media for another stream',
      { event: 'media', streamSid: 'MZ0', media: { payload: '//8=' } },
      31951,
      'wrong-stream-id',
    ],
    [
      'media whose payload is not base64',
      { event: 'media', streamSid: 'SID', media: { payload: 'not base64!' } },
      31951,
      'invalid-payload',
    ],
    [
      'a mark without a name',
      { event: 'mark', streamSid: 'SID', mark: {} },
      31951,
      'missing-field',
    ],
    [
      'a clear with an extra field',
      { event: 'clear', streamSid: 'SID', now: true },
      31951,
      'extra-field',
    ],
  ])('rejects %s', (_name, message, code, rule) => {
    const twilio = dialect();
    const text =
      message instanceof Uint8Array || typeof message === 'string'
        ? message
        : JSON.stringify(message).replace('"SID"', JSON.stringify(twilio.ids.streamId));
    const reading = twilio.readBotMessage(text);
    expect(reading.command).toBeUndefined();
    expect(reading.violations).toEqual([expect.objectContaining({ code, rule, rejected: true })]);
  });

  it('warns about a WAV header inside a media payload but still plays it', () => {
    const twilio = dialect();
    const payload = Buffer.from('RIFF....WAVEfmt ').toString('base64');
    const reading = twilio.readBotMessage(
      JSON.stringify({ event: 'media', streamSid: twilio.ids.streamId, media: { payload } }),
    );
    expect(reading.command?.kind).toBe('audio');
    expect(reading.violations).toEqual([
      expect.objectContaining({ rule: 'file-header-in-payload', rejected: false }),
    ]);
  });

  it('streams only μ-law at 8 kHz', () => {
    expect(resolveCodec('twilio').name).toBe('PCMU');
    expect(() => resolveCodec('twilio', { codec: 'PCMA' })).toThrow(/PCMA/);
    expect(() => resolveCodec('twilio', { codec: 'L16', sampleRate: 16000 })).toThrow(/only μ-law/);
  });
});
