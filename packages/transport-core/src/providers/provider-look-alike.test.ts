import { describe, expect, it } from 'vitest';
import { providerEventOf, providerLookAlikeOf } from './provider-look-alike.js';

/** Opening and mid-stream messages as each provider documents them (values shortened). */
const MESSAGES = {
  twilio: [
    { event: 'connected', protocol: 'Call', version: '1.0.0' },
    {
      event: 'start',
      sequenceNumber: '1',
      start: {
        accountSid: 'AC1',
        streamSid: 'MZ1',
        callSid: 'CA1',
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: {},
      },
      streamSid: 'MZ1',
    },
    { event: 'media', sequenceNumber: '4', media: { payload: 'AA==' }, streamSid: 'MZ1' },
  ],
  telnyx: [
    { event: 'connected', version: '1.0.0' },
    {
      event: 'connected',
      version: '1.0.0',
      connected: { 'x-telnyx-streaming-auth-token': 'token' },
    },
    {
      event: 'start',
      sequence_number: '1',
      stream_id: 'S1',
      start: { call_control_id: 'v2:1', media_format: { encoding: 'PCMU' } },
    },
    { event: 'media', sequence_number: '4', media: { payload: 'AA==' }, stream_id: 'S1' },
  ],
  plivo: [
    {
      event: 'start',
      sequenceNumber: 1,
      start: { callId: 'C1', streamId: 'S1', accountId: 'MA1', tracks: ['inbound'] },
      extra_headers: 'a=1',
    },
    { event: 'media', sequenceNumber: 42, streamId: 'S1', media: { payload: 'AA==' } },
    { event: 'playedStream', sequenceNumber: 44, streamId: 'S1', name: 'n' },
    { event: 'clearedAudio', sequenceNumber: 0 },
  ],
} as const;

describe('providerLookAlikeOf', () => {
  for (const [provider, messages] of Object.entries(MESSAGES)) {
    it(`recognises every documented ${provider} message shape as ${provider}'s`, () => {
      for (const message of messages) expect(providerLookAlikeOf(message)?.name).toBe(provider);
    });
  }

  it('names no provider for messages of no provider', () => {
    for (const message of [{ type: 'dtmf', digit: '1' }, { hello: 'world' }, [], null, 'start']) {
      expect(providerLookAlikeOf(message)).toBeUndefined();
    }
  });
});

describe('providerEventOf', () => {
  it("gives a provider's opening and mid-stream events, and nothing else", () => {
    expect(providerEventOf({ event: 'media' })).toBe('media');
    expect(providerEventOf({ event: 'start' })).toBe('start');
    expect(providerEventOf({ event: 'playedStream' })).toBe('playedStream');
    expect(providerEventOf({ event: 'my-event' })).toBeUndefined();
    expect(providerEventOf({ type: 'media' })).toBeUndefined();
    expect(providerEventOf('media')).toBeUndefined();
  });
});
