import { describe, expect, it } from 'vitest';
import { fixtureJson } from './__fixtures__/fixtures.js';
import { telnyxStreamingParameters } from './telnyx-call-control.js';

describe('telnyxStreamingParameters', () => {
  it('builds the streaming fields of the reference answer example', () => {
    const { command_id: _commandId, ...expected } = fixtureJson('call-control-answer.json');
    const parameters = telnyxStreamingParameters({
      streamUrl: 'wss://example.com/telnyx',
      callerCodec: 'PCMU',
      botAudioFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      targetLegs: 'opposite',
      streamAuthToken: 's3cr3t-stream-token',
      customParameters: { customer_id: 'customer_123' },
    });
    expect(JSON.stringify(parameters)).toBe(JSON.stringify(expected));
  });

  it('always asks for RTP mode and states the bot format, with defaults otherwise', () => {
    expect(
      telnyxStreamingParameters({
        streamUrl: 'wss://example.com/telnyx',
        botAudioFormat: { encoding: 'L16', sampleRate: 24000, channels: 1 },
      }),
    ).toEqual({
      stream_url: 'wss://example.com/telnyx',
      stream_track: 'inbound_track',
      stream_bidirectional_mode: 'rtp',
      stream_bidirectional_codec: 'L16',
      stream_bidirectional_sampling_rate: 24000,
    });
  });

  it('refuses an empty or over-long stream auth token', () => {
    expect(() =>
      telnyxStreamingParameters({ streamUrl: 'wss://example.com/t', streamAuthToken: '' }),
    ).toThrow(/1 to 4000 characters, got 0/);
    expect(() =>
      telnyxStreamingParameters({
        streamUrl: 'wss://example.com/t',
        streamAuthToken: 'x'.repeat(4001),
      }),
    ).toThrow(/got 4001/);
  });
});
