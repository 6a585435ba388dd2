import { isMessageRejectedError } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureText, rejectionOf } from './__fixtures__/fixtures.js';
import {
  parseTelnyxMessage,
  TELNYX_CLEAR_MESSAGE,
  telnyxMarkMessage,
  telnyxMediaMessage,
} from './telnyx-messages.js';

/** The reference example, compacted with its field order kept. */
function compactFixture(name: string): string {
  return JSON.stringify(fixtureJson(name));
}

describe('parseTelnyxMessage on the reference examples', () => {
  it('reads connected, with and without the stream auth token', () => {
    expect(parseTelnyxMessage(fixtureText('connected.json'))).toEqual({
      event: 'connected',
      version: '1.0.0',
      streamAuthToken: undefined,
    });
    expect(parseTelnyxMessage(fixtureText('connected-with-auth-token.json'))).toEqual({
      event: 'connected',
      version: '1.0.0',
      streamAuthToken: 's3cr3t-stream-token',
    });
  });

  it('reads every start field, with the stream id from the top level', () => {
    expect(parseTelnyxMessage(fixtureText('start.json'))).toEqual({
      event: 'start',
      streamId: '32DE0DEA-53CB-4B21-89A4-9E1819C043BC',
      callControlId: 'v2:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ',
      callSessionId: 'ff55a038-6f5d-11ef-9692-02420aeffb1f',
      userId: '3E6F995F-85F7-4705-9741-53B116D28237',
      from: '+13122010094',
      to: '+13122123456',
      clientState: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
      tags: ['TAG1', 'TAG2'],
      customParameters: { customer_id: 'customer_123' },
      mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
    });
  });

  it('reads media with its chunk number, dtmf, mark, error and stop', () => {
    expect(parseTelnyxMessage(fixtureText('media.json'))).toEqual({
      event: 'media',
      streamId: '32DE0DEA-53CB-4B21-89A4-9E1819C043BC',
      track: 'inbound',
      chunk: 2,
      timestamp: '5',
      payload: 'no+JhoaJjpzSHxAKBgYJD...IsSbjomGhoqQn1Ic',
    });
    expect(parseTelnyxMessage(fixtureText('dtmf.json'))).toMatchObject({
      event: 'dtmf',
      digit: '1',
    });
    expect(parseTelnyxMessage(fixtureText('mark.json'))).toMatchObject({
      event: 'mark',
      name: 'greeting-end',
    });
    expect(parseTelnyxMessage(fixtureText('error.json'))).toEqual({
      event: 'error',
      streamId: '32DE0DEA-53CB-4B21-89A4-9E1819C043BC',
      code: '100003',
      title: 'malformed_frame',
      detail: 'Incorrectly formatted frame',
    });
    expect(parseTelnyxMessage(fixtureText('stop.json'))).toEqual({
      event: 'stop',
      streamId: '32DE0DEA-53CB-4B21-89A4-9E1819C043BC',
      callControlId: 'v2:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ',
    });
  });

  it('accepts custom parameters in the Call Control list form too', () => {
    const start = fixtureJson<{ start: Record<string, unknown> }>('start.json');
    start.start.custom_parameters = [
      { name: 'customer_id', value: 'customer_123' },
      { value: 'x' },
    ];
    expect(parseTelnyxMessage(JSON.stringify(start))).toMatchObject({
      customParameters: { customer_id: 'customer_123' },
    });
  });
});

describe('parseTelnyxMessage rejections', () => {
  it('names the field or value it refuses', () => {
    expect(rejectionOf(() => parseTelnyxMessage('{"event":"hello"}'))).toEqual({
      kind: 'unknown-event',
      reason: 'Telnyx does not send an event named "hello"',
    });
    expect(rejectionOf(() => parseTelnyxMessage('{"sequence_number":"1"}'))).toEqual({
      kind: 'invalid-message',
      reason: '"event" must be a non-empty string',
    });
    expect(rejectionOf(() => parseTelnyxMessage('{"event":"dtmf","dtmf":{"digit":"A"}}'))).toEqual({
      kind: 'invalid-dtmf',
      reason: '"dtmf.digit" "A" is not a DTMF key (0-9, *, #)',
    });
    expect(
      rejectionOf(() =>
        parseTelnyxMessage('{"event":"media","media":{"track":"both","payload":""}}'),
      ),
    ).toEqual({
      kind: 'invalid-message',
      reason: '"media.track" must be "inbound" or "outbound", got "both"',
    });
    expect(
      rejectionOf(() =>
        parseTelnyxMessage('{"event":"start","stream_id":"s","start":{"media_format":{}}}'),
      ),
    ).toEqual({
      kind: 'invalid-message',
      reason: '"start.call_control_id" must be a non-empty string',
    });
  });

  it('refuses a start whose codec it cannot decode, naming the codec', () => {
    const start = fixtureJson<{ start: { media_format: Record<string, unknown> } }>('start.json');
    start.start.media_format = { encoding: 'AMR-WB', sample_rate: 16000, channels: 1 };
    const rejection = rejectionOf(() => parseTelnyxMessage(JSON.stringify(start)));
    expect(rejection.kind).toBe('unsupported-codec');
    expect(rejection.reason).toContain('"AMR-WB"');
  });

  it('throws nothing but MessageRejectedError for malformed messages', () => {
    const malformed: (string | Uint8Array)[] = [
      'not json',
      '',
      '[]',
      'null',
      '"start"',
      new Uint8Array([123, 125]),
      '{"event":42}',
      '{"event":"connected","connected":"token"}',
      '{"event":"connected","version":1}',
      '{"event":"start"}',
      '{"event":"start","stream_id":"s","start":null}',
      '{"event":"start","stream_id":"s","start":{"call_control_id":"c"}}',
      '{"event":"start","stream_id":"s","start":{"call_control_id":"c","media_format":[]}}',
      '{"event":"start","stream_id":"s","start":{"call_control_id":"c","media_format":{"encoding":7}}}',
      '{"event":"media"}',
      '{"event":"media","media":{"payload":12}}',
      '{"event":"media","stream_id":5,"media":{"payload":""}}',
      '{"event":"dtmf"}',
      '{"event":"dtmf","dtmf":{"digit":1}}',
      '{"event":"mark","mark":{}}',
      '{"event":"error"}',
      '{"event":"error","payload":{"title":5}}',
      '{"event":"__proto__"}',
      '{"event":"toString"}',
    ];
    for (const message of malformed) {
      let thrown: unknown;
      try {
        parseTelnyxMessage(message);
      } catch (error) {
        thrown = error;
      }
      expect(isMessageRejectedError(thrown), String(message)).toBe(true);
    }
  });
});

describe('outbound messages', () => {
  it('match the reference examples field for field, in order', () => {
    expect(telnyxMediaMessage('//5+gAB/')).toBe(compactFixture('outbound-media.json'));
    expect(telnyxMarkMessage('greeting-end')).toBe(compactFixture('outbound-mark.json'));
    expect(TELNYX_CLEAR_MESSAGE).toBe(compactFixture('outbound-clear.json'));
  });

  it('escapes mark names as JSON', () => {
    const name = 'say "hi"\\\n';
    expect(JSON.parse(telnyxMarkMessage(name))).toEqual({ event: 'mark', mark: { name } });
  });
});
