import { describe, expect, it } from 'vitest';
import { bytesFromInt16, int16FromBytes } from '../audio/index.js';
import { InputAudioRawFrame, OutputAudioRawFrame } from '../frames/audio-frames.js';
import { OutputDTMFFrame } from '../frames/dtmf-frames.js';
import type { Frame } from '../frames/frame.js';
import { EndFrame, InterruptionFrame } from '../frames/lifecycle-frames.js';
import { PlaybackMarkFrame } from '../frames/telephony-frames.js';
import { OutputTransportMessageFrame } from '../frames/transport-frames.js';
import { silentLogger } from '../logging/logger.js';
import { isMessageRejectedError } from '../serializer/message-rejected-error.js';
import { RecordingLogger } from './__fixtures__/harness.js';
import { RawAudioSerializer } from './raw-audio-serializer.js';

function setUp(sampleRate?: number) {
  const serializer = new RawAudioSerializer({ sampleRate });
  serializer.setup({ audioInSampleRate: 16_000, audioOutSampleRate: 16_000, logger: silentLogger });
  return serializer;
}

function rejectionKind(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isMessageRejectedError(error) ? error.kind : 'other';
  }
  return undefined;
}

describe('RawAudioSerializer', () => {
  it('turns binary messages into caller audio at the pipeline rate', () => {
    const frame = setUp().deserialize(
      bytesFromInt16(Int16Array.of(1, -2, 3)),
    ) as InputAudioRawFrame;
    expect(InputAudioRawFrame.is(frame)).toBe(true);
    expect([...frame.audio]).toEqual([1, -2, 3]);
    expect(frame.sampleRate).toBe(16_000);
  });

  it('reads DTMF, stop, marks and other JSON messages', () => {
    const serializer = setUp();
    const types = [
      '{"type":"dtmf","digit":"5"}',
      '{"type":"stop"}',
      '{"type":"mark","name":"m"}',
      '{"hello":1}',
    ].map((text) => (serializer.deserialize(text) as Frame).type);
    expect(types).toEqual([
      'InputDTMFFrame',
      'StreamStoppedFrame',
      'PlaybackMarkPlayedFrame',
      'InputTransportMessageFrame',
    ]);
  });

  it('refuses bad messages with a kind', () => {
    const serializer = setUp();
    expect(rejectionKind(() => serializer.deserialize('nope'))).toBe('invalid-json');
    expect(rejectionKind(() => serializer.deserialize('"text"'))).toBe('invalid-message');
    expect(rejectionKind(() => serializer.deserialize(new Uint8Array(3)))).toBe('invalid-audio');
    expect(rejectionKind(() => serializer.deserialize('{"type":"dtmf","digit":"x"}'))).toBe(
      'invalid-dtmf',
    );
    expect(rejectionKind(() => serializer.deserialize('{"type":"mark"}'))).toBe('invalid-message');
  });

  it('writes bot audio as binary PCM16 and the rest as JSON text', () => {
    const serializer = setUp();
    const audio = serializer.serialize(new OutputAudioRawFrame(Int16Array.of(4, 5), 16_000));
    expect([...int16FromBytes(audio as Uint8Array)]).toEqual([4, 5]);
    expect(serializer.serialize(new InterruptionFrame())).toBe('{"type":"interruption"}');
    expect(serializer.serialize(new OutputTransportMessageFrame({ a: 1 }))).toBe('{"a":1}');
    expect(serializer.serialize(new OutputDTMFFrame('12'))).toBe('{"type":"dtmf","digits":"12"}');
    expect(serializer.serialize(new PlaybackMarkFrame('m1'))).toBe('{"type":"mark","name":"m1"}');
    expect(serializer.serialize(new EndFrame())).toBeUndefined();
  });

  it('resamples between a fixed wire rate and the pipeline rates', () => {
    const serializer = setUp(8000);
    const inbound = serializer.deserialize(
      bytesFromInt16(new Int16Array(800)),
    ) as InputAudioRawFrame;
    expect(inbound.sampleRate).toBe(16_000);
    expect(inbound.audio.length).toBeGreaterThan(1400); // the filter holds a few samples back
    const outbound = serializer.serialize(new OutputAudioRawFrame(new Int16Array(1600), 16_000));
    expect((outbound as Uint8Array).byteLength / 2).toBeGreaterThan(700);
    expect((outbound as Uint8Array).byteLength / 2).toBeLessThanOrEqual(800);
  });

  it("warns once, naming the provider, when a provider's media-stream message arrives instead of raw audio", () => {
    const logger = new RecordingLogger();
    const serializer = new RawAudioSerializer();
    serializer.setup({ audioInSampleRate: 16_000, audioOutSampleRate: 16_000, logger });
    const media = JSON.stringify({
      event: 'media',
      sequenceNumber: '4',
      media: { track: 'inbound', chunk: '2', timestamp: '5', payload: 'c2VjcmV0' },
      streamSid: 'MZ-secret-stream',
    });
    serializer.deserialize(media);
    serializer.deserialize(media);
    serializer.deserialize('{"event":"stop","stream_id":"s"}');
    expect(logger.at('warn')).toEqual([
      'RawAudioSerializer received what looks like a Twilio media-stream message (event "media"): it reads only raw PCM16 binary audio, so the caller is not heard. Use the provider\'s serializer (e.g. from detectProvider) for provider calls',
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('secret');
  });

  it('names the look-alike provider of each shape, or a provider in general', () => {
    const warningFor = (message: object): string | undefined => {
      const logger = new RecordingLogger();
      const serializer = new RawAudioSerializer();
      serializer.setup({ audioInSampleRate: 16_000, audioOutSampleRate: 16_000, logger });
      serializer.deserialize(JSON.stringify(message));
      return logger.at('warn')[0];
    };
    expect(
      warningFor({ event: 'start', stream_id: 's', start: { call_control_id: 'c' } }),
    ).toContain('looks like a Telnyx media-stream message (event "start")');
    expect(warningFor({ event: 'media', streamId: 's', media: {} })).toContain(
      'looks like a Plivo media-stream message',
    );
    expect(warningFor({ event: 'media', media: {} })).toContain(
      "looks like a telephony provider's media-stream message",
    );
    expect(warningFor({ type: 'hello' })).toBeUndefined();
    expect(warningFor({ event: 'my-own-event' })).toBeUndefined();
  });
});
