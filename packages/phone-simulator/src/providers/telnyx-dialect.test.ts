import { describe, expect, it } from 'vitest';
import { resolveCodec } from '../audio/media-codec.js';
import { TelnyxDialect } from './telnyx-dialect.js';

const UPPERCASE_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const LOWERCASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function dialect(codec = resolveCodec('telnyx'), streamAuthToken?: string): TelnyxDialect {
  return new TelnyxDialect({
    codec,
    streamAuthToken,
    customParameters: { customer_id: 'customer_123' },
    from: '+13122010094',
    to: '+13122123456',
    startedAtEpochMs: Date.UTC(2025, 5, 5, 8, 54, 19),
  });
}

describe('TelnyxDialect', () => {
  it('opens with connected then start carrying the ids, numbers, parameters and media_format', () => {
    const telnyx = dialect(resolveCodec('telnyx', { codec: 'L16', sampleRate: 16000 }));
    const [connected, start] = telnyx.openingMessages().map((text) => JSON.parse(text));
    expect(connected).toEqual({ event: 'connected', version: '1.0.0' });
    expect(Object.keys(start)).toEqual(['event', 'sequence_number', 'stream_id', 'start']);
    expect(start.event).toBe('start');
    expect(start.sequence_number).toBe('1');
    expect(start.stream_id).toMatch(UPPERCASE_UUID);
    expect(start.start).toEqual({
      user_id: expect.stringMatching(UPPERCASE_UUID),
      call_control_id: expect.stringMatching(/^v2:[A-Za-z0-9_-]{54}$/),
      call_session_id: expect.stringMatching(LOWERCASE_UUID),
      from: '+13122010094',
      to: '+13122123456',
      custom_parameters: { customer_id: 'customer_123' },
      media_format: { encoding: 'L16', sample_rate: 16000, channels: 1 },
    });
    expect(start.start.call_control_id).toBe(telnyx.ids.callId);
    expect(start.stream_id).toBe(telnyx.ids.streamId);
  });

  it('puts the stream auth token in connected when one is configured', () => {
    const [connected] = dialect(resolveCodec('telnyx'), 's3cr3t')
      .openingMessages()
      .map((text) => JSON.parse(text));
    expect(connected).toEqual({
      event: 'connected',
      version: '1.0.0',
      connected: { 'x-telnyx-streaming-auth-token': 's3cr3t' },
    });
  });

  it('writes media, dtmf, mark, stop and error frames with string sequence numbers', () => {
    const telnyx = dialect();
    telnyx.openingMessages();
    const streamId = telnyx.ids.streamId;
    expect(JSON.parse(telnyx.mediaMessage('//8=', 2))).toEqual({
      event: 'media',
      sequence_number: '2',
      media: { track: 'inbound', chunk: '3', timestamp: '40', payload: '//8=' },
      stream_id: streamId,
    });
    expect(JSON.parse(telnyx.dtmfMessage('1', 698.408))).toEqual({
      event: 'dtmf',
      stream_id: streamId,
      occurred_at: '2025-06-05T08:54:19.698Z',
      sequence_number: '3',
      dtmf: { digit: '1' },
    });
    expect(JSON.parse(telnyx.markAnswer('greeting-end'))).toEqual({
      event: 'mark',
      sequence_number: '4',
      stream_id: streamId,
      mark: { name: 'greeting-end' },
    });
    expect(JSON.parse(telnyx.stopMessage())).toEqual({
      event: 'stop',
      sequence_number: '5',
      stop: { user_id: telnyx.ids.accountId, call_control_id: telnyx.ids.callId },
      stream_id: streamId,
    });
    const error = telnyx.errorMessage({
      code: 100003,
      rule: 'not-json',
      detail: 'bad',
      rejected: true,
    });
    expect(JSON.parse(error!)).toEqual({
      event: 'error',
      sequence_number: '6',
      stream_id: streamId,
      payload: { code: 100003, title: 'malformed_frame', detail: 'bad' },
    });
  });

  it('accepts RTP-mode media without a stream_id, marks and clear', () => {
    const telnyx = dialect();
    const payload = Buffer.alloc(160, 0xff).toString('base64');
    expect(telnyx.readBotMessage(JSON.stringify({ event: 'media', media: { payload } }))).toEqual({
      command: { kind: 'audio', payload, byteLength: 160 },
      violations: [],
    });
    expect(telnyx.readBotMessage('{"event":"mark","mark":{"name":"m"}}').command).toEqual({
      kind: 'mark',
      name: 'm',
    });
    expect(telnyx.readBotMessage('{"event":"clear"}').command).toEqual({ kind: 'clear' });
  });

  it.each([
    ['a binary frame', new Uint8Array([1]), 100003, 'binary-frame'],
    ['text that is not JSON', '{', 100003, 'not-json'],
    [
      'an event other than media, mark or clear',
      { event: 'dtmf', dtmf: { digit: '1' } },
      100003,
      'unsupported-event',
    ],
    [
      'media for another stream',
      { event: 'media', stream_id: 'X', media: { payload: '//8=' } },
      100003,
      'wrong-stream-id',
    ],
    [
      'media whose payload is not base64',
      { event: 'media', media: { payload: '@@@@' } },
      100004,
      'invalid-payload',
    ],
    ['a mark without a name', { event: 'mark' }, 100003, 'missing-field'],
  ])('rejects %s with an error code', (_name, message, code, rule) => {
    const telnyx = dialect();
    const text =
      message instanceof Uint8Array || typeof message === 'string'
        ? message
        : JSON.stringify(message);
    const reading = telnyx.readBotMessage(text);
    expect(reading.command).toBeUndefined();
    expect(reading.violations).toEqual([expect.objectContaining({ code, rule, rejected: true })]);
  });

  it('rejects L16 media that is not whole 16-bit samples', () => {
    const telnyx = dialect(resolveCodec('telnyx', { codec: 'L16', sampleRate: 8000 }));
    const payload = Buffer.alloc(321).toString('base64');
    const reading = telnyx.readBotMessage(JSON.stringify({ event: 'media', media: { payload } }));
    expect(reading.violations).toEqual([
      expect.objectContaining({ code: 100004, rule: 'invalid-payload' }),
    ]);
  });

  it('flags chunks shorter than 20 ms or longer than 30 s but still plays them', () => {
    const telnyx = dialect();
    const short = telnyx.readBotMessage(
      JSON.stringify({
        event: 'media',
        media: { payload: Buffer.alloc(80, 0xff).toString('base64') },
      }),
    );
    expect(short.command?.kind).toBe('audio');
    expect(short.violations).toEqual([
      expect.objectContaining({ rule: 'chunk-size', rejected: false }),
    ]);
    expect(short.violations[0]!.detail).toContain('10 ms');
    const long = telnyx.readBotMessage(
      JSON.stringify({
        event: 'media',
        media: { payload: Buffer.alloc(8000 * 31, 0xff).toString('base64') },
      }),
    );
    expect(long.violations).toEqual([expect.objectContaining({ rule: 'chunk-size' })]);
  });

  it('streams PCMU, PCMA or L16 at the rates Telnyx accepts', () => {
    expect(resolveCodec('telnyx', { codec: 'PCMA' }).name).toBe('PCMA');
    expect(resolveCodec('telnyx', { codec: 'L16', sampleRate: 24000 }).sampleRate).toBe(24000);
    expect(() => resolveCodec('telnyx', { codec: 'L16', sampleRate: 11025 })).toThrow(/11025/);
    expect(() => resolveCodec('telnyx', { codec: 'OPUS' })).toThrow(/OPUS/);
  });
});
