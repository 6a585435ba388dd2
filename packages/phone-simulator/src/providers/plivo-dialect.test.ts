import { describe, expect, it } from 'vitest';
import { resolveCodec } from '../audio/media-codec.js';
import { PlivoDialect } from './plivo-dialect.js';

const LOWERCASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STARTED_AT = 1_705_312_200_000;

function dialect(
  codec = resolveCodec('plivo'),
  customParameters: Record<string, string> = { userId: '12345', sessionId: 'abc' },
) {
  return new PlivoDialect({ codec, customParameters, startedAtEpochMs: STARTED_AT });
}

describe('PlivoDialect', () => {
  it('opens with start only (no connected), numeric sequence number and extra_headers', () => {
    const plivo = dialect();
    const messages = plivo.openingMessages().map((text) => JSON.parse(text));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({
      event: 'start',
      sequenceNumber: 1,
      start: {
        callId: plivo.ids.callId,
        streamId: plivo.ids.streamId,
        accountId: plivo.ids.accountId,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
      },
      extra_headers: 'userId=12345;sessionId=abc',
    });
    expect(plivo.ids.callId).toMatch(LOWERCASE_UUID);
    expect(plivo.ids.streamId).toMatch(LOWERCASE_UUID);
    expect(plivo.ids.accountId).toMatch(/^MA[A-Z0-9]{18}$/);
  });

  it('leaves extra_headers out when there are no custom parameters', () => {
    const [start] = dialect(resolveCodec('plivo', { codec: 'audio/x-l16;rate=16000' }), {})
      .openingMessages()
      .map((text) => JSON.parse(text));
    expect('extra_headers' in start).toBe(false);
    expect(start.start.mediaFormat).toEqual({ encoding: 'audio/x-l16', sampleRate: 16000 });
  });

  it('writes media with numeric sequence and chunk and a string epoch timestamp', () => {
    const plivo = dialect();
    plivo.openingMessages();
    expect(JSON.parse(plivo.mediaMessage('//8=', 40))).toEqual({
      event: 'media',
      sequenceNumber: 2,
      streamId: plivo.ids.streamId,
      media: { track: 'inbound', timestamp: String(STARTED_AT + 800), chunk: 41, payload: '//8=' },
      extra_headers: 'userId=12345;sessionId=abc',
    });
    expect(JSON.parse(plivo.dtmfMessage('5', 1000))).toEqual({
      event: 'dtmf',
      sequenceNumber: 3,
      streamId: plivo.ids.streamId,
      dtmf: { track: 'inbound', digit: '5', timestamp: String(STARTED_AT + 1000) },
      extra_headers: 'userId=12345;sessionId=abc',
    });
    expect(JSON.parse(plivo.markAnswer('greeting'))).toEqual({
      event: 'playedStream',
      sequenceNumber: 4,
      streamId: plivo.ids.streamId,
      name: 'greeting',
    });
    expect(JSON.parse(plivo.clearAnswer())).toEqual({
      sequenceNumber: 5,
      event: 'clearedAudio',
      streamId: plivo.ids.streamId,
    });
  });

  it('accepts playAudio in the stream format (sampleRate as number or string), checkpoint, clearAudio and sendDTMF', () => {
    const plivo = dialect();
    const streamId = plivo.ids.streamId;
    for (const sampleRate of [8000, '8000']) {
      const reading = plivo.readBotMessage(
        JSON.stringify({
          event: 'playAudio',
          media: { contentType: 'audio/x-mulaw', sampleRate, payload: '//5+gAB/' },
        }),
      );
      expect(reading).toEqual({
        command: { kind: 'audio', payload: '//5+gAB/', byteLength: 6 },
        violations: [],
      });
    }
    expect(
      plivo.readBotMessage(JSON.stringify({ event: 'checkpoint', streamId, name: 'greeting' }))
        .command,
    ).toEqual({
      kind: 'mark',
      name: 'greeting',
    });
    expect(plivo.readBotMessage(JSON.stringify({ event: 'clearAudio', streamId })).command).toEqual(
      { kind: 'clear' },
    );
    expect(
      plivo.readBotMessage(JSON.stringify({ event: 'sendDTMF', dtmf: '1234#' })).command,
    ).toEqual({
      kind: 'dtmf',
      digits: '1234#',
    });
  });

  it.each([
    ['a binary frame', new Uint8Array([0]), 'binary-frame'],
    ['an unknown event', { event: 'media' }, 'unknown-event'],
    [
      'playAudio of an unknown content type',
      { event: 'playAudio', media: { contentType: 'audio/wav', sampleRate: 8000, payload: '' } },
      'invalid-content-type',
    ],
    [
      'μ-law at 16 kHz',
      {
        event: 'playAudio',
        media: { contentType: 'audio/x-mulaw', sampleRate: 16000, payload: '' },
      },
      'invalid-sample-rate',
    ],
    [
      'L16 on a μ-law stream',
      { event: 'playAudio', media: { contentType: 'audio/x-l16', sampleRate: 8000, payload: '' } },
      'codec-mismatch',
    ],
    [
      'playAudio for another stream',
      {
        event: 'playAudio',
        streamId: 'other',
        media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: '' },
      },
      'wrong-stream-id',
    ],
    ['playAudio without media', { event: 'playAudio' }, 'missing-field'],
    [
      'playAudio with a payload that is not base64',
      {
        event: 'playAudio',
        media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: '%%' },
      },
      'invalid-payload',
    ],
    ['a checkpoint without a name', { event: 'checkpoint', streamId: 'SID' }, 'missing-field'],
    ['a checkpoint without streamId', { event: 'checkpoint', name: 'x' }, 'missing-field'],
    [
      'a clearAudio for another stream',
      { event: 'clearAudio', streamId: 'other' },
      'wrong-stream-id',
    ],
    ['sendDTMF with a non-digit', { event: 'sendDTMF', dtmf: '12x' }, 'invalid-dtmf'],
  ])('rejects %s', (_name, message, rule) => {
    const plivo = dialect();
    const text =
      message instanceof Uint8Array
        ? message
        : JSON.stringify(message).replace('"SID"', JSON.stringify(plivo.ids.streamId));
    const reading = plivo.readBotMessage(text);
    expect(reading.command).toBeUndefined();
    expect(reading.violations).toEqual([expect.objectContaining({ rule, rejected: true })]);
  });

  it('streams μ-law 8 kHz or L16 at 8 or 16 kHz only', () => {
    expect(resolveCodec('plivo', { codec: 'audio/x-mulaw;rate=8000' }).name).toBe('PCMU');
    expect(resolveCodec('plivo', { codec: 'audio/x-l16;rate=8000' }).sampleRate).toBe(8000);
    expect(() => resolveCodec('plivo', { codec: 'PCMA' })).toThrow(/A-law/);
    expect(() => resolveCodec('plivo', { codec: 'audio/x-l16;rate=24000' })).toThrow(/24000/);
  });
});
