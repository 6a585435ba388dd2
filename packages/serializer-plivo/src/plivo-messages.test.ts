import { isMessageRejectedError, type MessageRejectedError } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureText } from './__fixtures__/load-fixture.js';
import { parsePlivoMessage } from './plivo-messages.js';

function rejection(data: string | Uint8Array): MessageRejectedError {
  try {
    parsePlivoMessage(data);
  } catch (error) {
    expect(isMessageRejectedError(error)).toBe(true);
    return error as MessageRejectedError;
  }
  throw new Error('expected a rejection');
}

function withChanges(name: string, change: (message: Record<string, unknown>) => void): string {
  const message = fixtureJson(name);
  change(message);
  return JSON.stringify(message);
}

describe('parsePlivoMessage', () => {
  it('reads the documented start message, merging the semicolon extra_headers', () => {
    expect(parsePlivoMessage(fixtureText('start.json'))).toEqual({
      event: 'start',
      streamId: '87654321-4321-4321-4321-cba987654321',
      callId: '12345678-1234-1234-1234-123456789abc',
      accountId: 'MAXXXXXXXXXXXXXXXXXX',
      tracks: ['inbound'],
      mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      extraHeaders: 'userId=12345;sessionId=abc-xyz',
      customParameters: { userId: '12345', sessionId: 'abc-xyz' },
    });
  });

  it('merges start.customParameters with extra_headers, extra_headers winning', () => {
    const text = withChanges('start.json', (message) => {
      (message.start as Record<string, unknown>).customParameters = { userId: 'old', plan: 'gold' };
    });
    const start = parsePlivoMessage(text);
    expect(start.event === 'start' && start.customParameters).toEqual({
      userId: '12345',
      plan: 'gold',
      sessionId: 'abc-xyz',
    });
  });

  it('reads a start without extra_headers and with a JSON extra_headers string', () => {
    const bare = parsePlivoMessage(
      withChanges('start.json', (message) => delete message.extra_headers),
    );
    expect(bare).toMatchObject({ extraHeaders: undefined, customParameters: {} });
    const json = parsePlivoMessage(
      withChanges('start.json', (message) => {
        message.extra_headers = '{"userId":"12345"}';
      }),
    );
    expect(json).toMatchObject({ customParameters: { userId: '12345' } });
  });

  it('refuses a start in a format Plivo does not stream, naming it', () => {
    const error = rejection(
      withChanges('start.json', (message) => {
        (message.start as Record<string, unknown>).mediaFormat = {
          encoding: 'audio/x-alaw',
          sampleRate: 8000,
        };
      }),
    );
    expect(error.kind).toBe('unsupported-codec');
    expect(error.reason).toContain('"audio/x-alaw" at 8000 Hz');
  });

  it('refuses a start without a media format instead of guessing one', () => {
    const error = rejection(
      withChanges('start.json', (message) => {
        delete (message.start as Record<string, unknown>).mediaFormat;
      }),
    );
    expect(error).toMatchObject({ kind: 'invalid-message' });
    expect(error.reason).toContain('"start.mediaFormat" must be an object');
  });

  it('reads the documented media message without decoding its payload', () => {
    expect(parsePlivoMessage(fixtureText('media.json'))).toEqual({
      event: 'media',
      streamId: '87654321-4321-4321-4321-cba987654321',
      track: 'inbound',
      payload: '//uQxAAAAAANIAAAAAExBTUUzLjEwMFVV...',
      chunk: 41,
    });
  });

  it('reads dtmf, playedStream, legacy played and clearedAudio', () => {
    expect(parsePlivoMessage(fixtureText('dtmf.json'))).toMatchObject({
      event: 'dtmf',
      digit: '5',
    });
    expect(parsePlivoMessage(fixtureText('played-stream.json'))).toEqual({
      event: 'playedStream',
      streamId: '20170ada-f610-433b-8758-c02a2aab3662',
      name: 'customer greeting audio',
    });
    const played = withChanges('played-stream.json', (message) => {
      message.event = 'played';
    });
    expect(parsePlivoMessage(played)).toMatchObject({
      event: 'played',
      name: 'customer greeting audio',
    });
    expect(parsePlivoMessage(fixtureText('cleared-audio.json'))).toEqual({
      event: 'clearedAudio',
      streamId: '20170ada-f610-433b-8758-c02a2aab3662',
    });
  });

  it('reads stop, error and playFailed with their reasons', () => {
    expect(parsePlivoMessage('{"event":"stop","reason":"callEnded"}')).toEqual({
      event: 'stop',
      streamId: undefined,
      reason: 'callEnded',
    });
    expect(parsePlivoMessage('{"event":"error","reason":"bad frame","code":400}')).toMatchObject({
      event: 'error',
      reason: 'bad frame',
      code: '400',
    });
    expect(
      parsePlivoMessage('{"event":"playFailed","streamId":"s","reason":"bad payload"}'),
    ).toMatchObject({
      event: 'playFailed',
      reason: 'bad payload',
    });
  });

  it.each([
    ['{"event":"muteStream"}', 'unknown-event', 'unknown Plivo event "muteStream"'],
    ['{"event":"connected"}', 'unknown-event', '"connected"'],
    ['{"streamId":"s"}', 'invalid-message', '"event" must be a non-empty string, got nothing'],
    ['{"event":7}', 'invalid-message', '"event" must be a non-empty string, got 7'],
    [
      '{"event":"media","media":{"payload":5}}',
      'invalid-message',
      '"media.payload" must be a string',
    ],
    ['{"event":"media"}', 'invalid-message', '"media" must be an object'],
    [
      '{"event":"media","streamId":3,"media":{"payload":""}}',
      'invalid-message',
      '"streamId" must be a string',
    ],
    ['{"event":"dtmf","dtmf":{"digit":"A"}}', 'invalid-dtmf', '"dtmf.digit" "A" is not a DTMF key'],
    ['{"event":"dtmf","dtmf":{"digit":""}}', 'invalid-dtmf', '"dtmf.digit" ""'],
    ['{"event":"playedStream"}', 'invalid-message', '"name" must be a string'],
    ['{"event":"start","start":{"streamId":"s"}}', 'invalid-message', '"start.callId"'],
    ['[1,2]', 'invalid-message', 'not a JSON object'],
    ['{"event":', 'invalid-json', 'not JSON'],
  ])('rejects %s as %s', (text, kind, reason) => {
    const error = rejection(text);
    expect(error.kind).toBe(kind);
    expect(error.reason).toContain(reason);
  });

  it('rejects binary messages', () => {
    expect(rejection(new Uint8Array([123, 125])).kind).toBe('binary-message');
  });
});
