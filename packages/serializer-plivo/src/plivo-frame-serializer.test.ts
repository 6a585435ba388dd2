import {
  type DeserializedFrames,
  EndFrame,
  type Frame,
  InputAudioRawFrame,
  InputDTMFFrame,
  InterruptionFrame,
  isMessageRejectedError,
  type Logger,
  type MediaFormat,
  type MessageRejectedError,
  OutputAudioRawFrame,
  OutputDTMFFrame,
  OutputDTMFUrgentFrame,
  OutputTransportMessageFrame,
  OutputTransportMessageUrgentFrame,
  PlaybackClearedFrame,
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  ProviderErrorFrame,
  StreamStartedFrame,
  type StreamStoppedFrame,
  silentLogger,
  TextFrame,
  ulawToPcm,
} from '@x/transport-core';
import { describe, expect, it, vi } from 'vitest';
import { fixtureJson, fixtureText } from './__fixtures__/load-fixture.js';
import {
  PlivoFrameSerializer,
  type PlivoFrameSerializerOptions,
} from './plivo-frame-serializer.js';

const START = fixtureJson<{ start: { streamId: string; callId: string } }>('start.json');
const STREAM_ID = START.start.streamId;
const CALL_ID = START.start.callId;
const MULAW_8K: MediaFormat = { encoding: 'PCMU', sampleRate: 8000, channels: 1 };
const L16_8K: MediaFormat = { encoding: 'L16', sampleRate: 8000, channels: 1 };
const L16_16K: MediaFormat = { encoding: 'L16', sampleRate: 16000, channels: 1 };

function serializerFor(
  overrides: Partial<PlivoFrameSerializerOptions> = {},
  rates: { audioIn?: number; audioOut?: number; logger?: Logger } = {},
): PlivoFrameSerializer {
  const serializer = new PlivoFrameSerializer({
    streamId: STREAM_ID,
    callId: CALL_ID,
    mediaFormat: MULAW_8K,
    autoHangUp: false,
    ...overrides,
  });
  serializer.setup({
    audioInSampleRate: rates.audioIn ?? 8000,
    audioOutSampleRate: rates.audioOut ?? 8000,
    logger: rates.logger ?? silentLogger,
  });
  return serializer;
}

/** A logger that hands warnings to `warn` and drops the rest (no `child`: lines stay here). */
function warningSpyLogger(warn: Logger['warn']): Logger {
  return { debug: () => {}, info: () => {}, warn, error: () => {} };
}

function framesOf(result: DeserializedFrames): Frame[] {
  if (result === undefined) return [];
  return Array.isArray(result) ? [...result] : [result as Frame];
}

function only<T extends Frame>(result: DeserializedFrames): T {
  const frames = framesOf(result);
  expect(frames).toHaveLength(1);
  return frames[0] as T;
}

function rejectionOf(
  serializer: PlivoFrameSerializer,
  data: string | Uint8Array,
): MessageRejectedError {
  try {
    serializer.deserialize(data);
  } catch (error) {
    expect(isMessageRejectedError(error)).toBe(true);
    return error as MessageRejectedError;
  }
  throw new Error('expected a rejection');
}

function message(fields: Record<string, unknown>): string {
  return JSON.stringify(fields);
}

function mediaMessage(payload: Uint8Array, streamId = STREAM_ID, track = 'inbound'): string {
  return message({
    event: 'media',
    sequenceNumber: 2,
    streamId,
    media: { track, timestamp: '20', chunk: 1, payload: Buffer.from(payload).toString('base64') },
  });
}

function playAudioOf(text: string | undefined): {
  event: string;
  media: { contentType: string; sampleRate: number; payload: string };
} {
  expect(typeof text).toBe('string');
  return JSON.parse(text as string);
}

describe('PlivoFrameSerializer: the reference messages', () => {
  it('turns the documented start into a StreamStartedFrame with the extra_headers', () => {
    const frame = only<StreamStartedFrame>(serializerFor().deserialize(fixtureText('start.json')));
    expect(StreamStartedFrame.is(frame)).toBe(true);
    expect(frame).toMatchObject({
      provider: 'plivo',
      streamId: STREAM_ID,
      callId: CALL_ID,
      customParameters: { userId: '12345', sessionId: 'abc-xyz' },
    });
  });

  it('rejects the documented media example, whose payload the docs truncated with "..."', () => {
    const error = rejectionOf(serializerFor(), fixtureText('media.json'));
    expect(error.kind).toBe('invalid-audio');
    expect(error.reason).toContain('"media.payload" is not valid base64');
  });

  it("decodes the documented payload's whole base64 quads (the first 24 bytes)", () => {
    const media = fixtureJson<{ media: { payload: string } }>('media.json');
    media.media.payload = media.media.payload.slice(0, 32);
    const frame = only<InputAudioRawFrame>(serializerFor().deserialize(JSON.stringify(media)));
    expect(InputAudioRawFrame.is(frame)).toBe(true);
    expect(frame.sampleRate).toBe(8000);
    expect(frame.numChannels).toBe(1);
    const bytes = Buffer.from(media.media.payload, 'base64');
    expect(bytes).toHaveLength(24);
    expect([...frame.audio]).toEqual([...ulawToPcm(bytes)]);
  });

  it('turns the documented dtmf into an InputDTMFFrame', () => {
    const frame = only<InputDTMFFrame>(serializerFor().deserialize(fixtureText('dtmf.json')));
    expect(InputDTMFFrame.is(frame)).toBe(true);
    expect(frame.button).toBe('5');
  });

  it('turns the documented playedStream into a played mark', () => {
    const streamId = fixtureJson<{ streamId: string }>('played-stream.json').streamId;
    const serializer = serializerFor({ streamId });
    serializer.serialize(new PlaybackMarkFrame('customer greeting audio'));
    const frame = only<PlaybackMarkPlayedFrame>(
      serializer.deserialize(fixtureText('played-stream.json')),
    );
    expect(PlaybackMarkPlayedFrame.is(frame)).toBe(true);
    expect(frame).toMatchObject({ markName: 'customer greeting audio', cleared: false });
  });

  it('turns the documented clearedAudio into a PlaybackClearedFrame', () => {
    const streamId = fixtureJson<{ streamId: string }>('cleared-audio.json').streamId;
    const frames = framesOf(
      serializerFor({ streamId }).deserialize(fixtureText('cleared-audio.json')),
    );
    expect(frames).toHaveLength(1);
    expect(PlaybackClearedFrame.is(frames[0])).toBe(true);
  });

  it('writes checkpoint, clearAudio and sendDTMF exactly as documented', () => {
    const checkpoint = fixtureJson<{ streamId: string; name: string }>('checkpoint.json');
    expect(
      serializerFor({ streamId: checkpoint.streamId }).serialize(
        new PlaybackMarkFrame(checkpoint.name),
      ),
    ).toBe(JSON.stringify(checkpoint));
    const clear = fixtureJson<{ streamId: string }>('clear-audio.json');
    expect(serializerFor({ streamId: clear.streamId }).serialize(new InterruptionFrame())).toBe(
      JSON.stringify(clear),
    );
    const sendDtmf = fixtureJson('send-dtmf.json');
    expect(serializerFor().serialize(new OutputDTMFFrame('1234#'))).toBe(JSON.stringify(sendDtmf));
    expect(serializerFor().serialize(new OutputDTMFUrgentFrame(['1', '2', '3', '4', '#']))).toBe(
      JSON.stringify(sendDtmf),
    );
  });

  it('says it sends DTMF natively, so the transport gives it the keys instead of playing tones', () => {
    expect(serializerFor().sendsDtmf).toBe(true);
  });

  it('writes the documented playAudio shape, with the same μ-law audio', () => {
    const documented = fixtureJson<{ media: { payload: string } }>('play-audio.json');
    const pcm = ulawToPcm(Buffer.from(documented.media.payload, 'base64'));
    const written = playAudioOf(
      serializerFor().serialize(new OutputAudioRawFrame(pcm, 8000)) as string,
    );
    expect(Object.keys(written)).toEqual(['event', 'media']);
    expect(Object.keys(written.media)).toEqual(['contentType', 'sampleRate', 'payload']);
    expect(written).toMatchObject({
      event: 'playAudio',
      media: { contentType: 'audio/x-mulaw', sampleRate: 8000 },
    });
    expect([...ulawToPcm(Buffer.from(written.media.payload, 'base64'))]).toEqual([...pcm]);
  });

  it('writes L16 little-endian: [0, 1000, -1000] at 8 kHz is AADoAxj8', () => {
    const serializer = serializerFor({ mediaFormat: L16_8K });
    expect(serializer.serialize(new OutputAudioRawFrame(Int16Array.of(0, 1000, -1000), 8000))).toBe(
      '{"event":"playAudio","media":{"contentType":"audio/x-l16","sampleRate":8000,"payload":"AADoAxj8"}}',
    );
  });
});

describe('PlivoFrameSerializer: inbound', () => {
  it('decodes little-endian L16 at 16 kHz', () => {
    const serializer = serializerFor({ mediaFormat: L16_16K }, { audioIn: 16000 });
    const frame = only<InputAudioRawFrame>(
      serializer.deserialize(mediaMessage(Uint8Array.of(0, 0, 0xe8, 0x03, 0x18, 0xfc))),
    );
    expect([...frame.audio]).toEqual([0, 1000, -1000]);
    expect(frame.sampleRate).toBe(16000);
  });

  it('puts media.chunk on the frame (not the timestamp, whose meaning Plivo documents two ways)', () => {
    const serializer = serializerFor({ mediaFormat: L16_8K });
    const frame = only<InputAudioRawFrame>(
      serializer.deserialize(mediaMessage(Uint8Array.of(1, 0))),
    );
    expect(frame.mediaChunk).toBe(1);
    expect(frame.mediaTimestampMs).toBeUndefined();
  });

  it('rejects L16 payloads with an odd number of bytes', () => {
    const error = rejectionOf(
      serializerFor({ mediaFormat: L16_8K }),
      mediaMessage(Uint8Array.of(1, 2, 3)),
    );
    expect(error).toMatchObject({ kind: 'invalid-audio' });
    expect(error.reason).toContain('3 bytes');
  });

  it('ignores outbound-track media and empty payloads', () => {
    const serializer = serializerFor();
    expect(
      serializer.deserialize(mediaMessage(Uint8Array.of(0xff, 0xff), STREAM_ID, 'outbound')),
    ).toBeUndefined();
    expect(serializer.deserialize(mediaMessage(new Uint8Array(0)))).toBeUndefined();
  });

  it('rejects messages naming another stream and a start for another call', () => {
    const serializer = serializerFor();
    expect(
      rejectionOf(serializer, mediaMessage(Uint8Array.of(0xff), 'other-stream')),
    ).toMatchObject({
      kind: 'stream-mismatch',
      reason: `"streamId" "other-stream" is not this stream's "${STREAM_ID}"`,
    });
    const start = fixtureJson<{ start: { callId: string } }>('start.json');
    start.start.callId = 'another-call';
    expect(rejectionOf(serializer, JSON.stringify(start)).kind).toBe('stream-mismatch');
  });

  it('follows a start message that names another format than the options, and warns', () => {
    const warn = vi.fn();
    const logger = warningSpyLogger(warn);
    const serializer = serializerFor({ mediaFormat: L16_8K }, { logger });
    serializer.deserialize(fixtureText('start.json'));
    expect(serializer.mediaFormat).toEqual(MULAW_8K);
    expect(warn).toHaveBeenCalledTimes(1);
    const written = playAudioOf(
      serializer.serialize(new OutputAudioRawFrame(new Int16Array(160), 8000)) as string,
    );
    expect(written.media.contentType).toBe('audio/x-mulaw');
  });

  it('turns stop into StreamStoppedFrame, error and playFailed into ProviderErrorFrame', () => {
    const serializer = serializerFor();
    expect(
      only<StreamStoppedFrame>(serializer.deserialize('{"event":"stop","reason":"callEnded"}')),
    ).toMatchObject({ reason: 'callEnded' });
    const error = only<ProviderErrorFrame>(
      serializer.deserialize('{"event":"error","reason":"stream broke","code":"500"}'),
    );
    expect(ProviderErrorFrame.is(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'plivo', message: 'stream broke', code: '500' });
    const failed = only<ProviderErrorFrame>(
      serializer.deserialize(
        `{"event":"playFailed","streamId":"${STREAM_ID}","reason":"bad audio"}`,
      ),
    );
    expect(failed).toMatchObject({ message: 'playFailed: bad audio', code: 'playFailed' });
  });

  it('rejects unknown events and invalid DTMF digits with their kinds', () => {
    const serializer = serializerFor();
    expect(rejectionOf(serializer, '{"event":"muteStream"}').kind).toBe('unknown-event');
    expect(rejectionOf(serializer, '{"event":"dtmf","dtmf":{"digit":"D"}}').kind).toBe(
      'invalid-dtmf',
    );
  });

  it('never throws anything but a MessageRejectedError, whatever the message', () => {
    const serializer = serializerFor({ mediaFormat: L16_16K }, { audioIn: 16000 });
    const seeds = [
      'start.json',
      'media.json',
      'dtmf.json',
      'played-stream.json',
      'cleared-audio.json',
    ].map(fixtureText);
    const values: unknown[] = [
      null,
      0,
      -1,
      1.5e300,
      '',
      'x',
      '==',
      true,
      [],
      {},
      { a: 1 },
      'AAA',
      'AA==',
      '////',
    ];
    let random = 12345;
    const next = (limit: number): number => {
      random = (random * 1103515245 + 12345) % 2147483648;
      return random % limit;
    };
    const mutate = (value: unknown, depth: number): unknown => {
      if (value === null || typeof value !== 'object' || depth > 3)
        return values[next(values.length)];
      const copy: Record<string, unknown> = Array.isArray(value)
        ? ([...value] as never)
        : { ...value };
      const keys = Object.keys(copy);
      const key = keys[next(keys.length)];
      if (key === undefined) return copy;
      if (next(4) === 0) delete copy[key];
      else copy[key] = next(2) === 0 ? mutate(copy[key], depth + 1) : values[next(values.length)];
      return copy;
    };
    let accepted = 0;
    let rejected = 0;
    for (let round = 0; round < 2000; round++) {
      const seed = JSON.parse(seeds[next(seeds.length)]!);
      const text =
        next(10) === 0 ? JSON.stringify(seed).slice(0, next(60)) : JSON.stringify(mutate(seed, 0));
      try {
        serializer.deserialize(text);
        accepted++;
      } catch (error) {
        expect(isMessageRejectedError(error)).toBe(true);
        rejected++;
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});

describe('PlivoFrameSerializer: checkpoints', () => {
  it('reports checkpoints played in order, and one it never sent as played', () => {
    const serializer = serializerFor();
    serializer.serialize(new PlaybackMarkFrame('a'));
    serializer.serialize(new PlaybackMarkFrame('b'));
    const played = (name: string) =>
      only<PlaybackMarkPlayedFrame>(
        serializer.deserialize(
          message({ event: 'playedStream', sequenceNumber: 5, streamId: STREAM_ID, name }),
        ),
      );
    expect(played('a')).toMatchObject({ markName: 'a', cleared: false });
    expect(played('b')).toMatchObject({ markName: 'b', cleared: false });
    expect(played('other')).toMatchObject({ markName: 'other', cleared: false });
  });

  it('accepts the legacy "played" answer', () => {
    const serializer = serializerFor();
    serializer.serialize(new PlaybackMarkFrame('a'));
    expect(
      only<PlaybackMarkPlayedFrame>(serializer.deserialize('{"event":"played","name":"a"}')),
    ).toMatchObject({ markName: 'a', cleared: false });
  });

  it('reports checkpoints dropped by a clear as cleared when clearedAudio arrives, without waiting for Plivo to answer them', () => {
    const serializer = serializerFor();
    serializer.serialize(new PlaybackMarkFrame('first'));
    serializer.serialize(new PlaybackMarkFrame('second'));
    serializer.deserialize(message({ event: 'playedStream', streamId: STREAM_ID, name: 'first' }));
    serializer.serialize(new InterruptionFrame());
    serializer.serialize(new PlaybackMarkFrame('after-clear'));
    const frames = framesOf(
      serializer.deserialize(
        message({ sequenceNumber: 0, event: 'clearedAudio', streamId: STREAM_ID }),
      ),
    );
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatchObject({ markName: 'second', cleared: true });
    expect(PlaybackClearedFrame.is(frames[1])).toBe(true);
    // A late answer for a checkpoint already reported as cleared is not reported twice.
    expect(
      serializer.deserialize(
        message({ event: 'playedStream', streamId: STREAM_ID, name: 'second' }),
      ),
    ).toBeUndefined();
    // A checkpoint sent after the clear is still pending and reported when played.
    expect(
      only(
        serializer.deserialize(
          message({ event: 'playedStream', streamId: STREAM_ID, name: 'after-clear' }),
        ),
      ),
    ).toMatchObject({ markName: 'after-clear', cleared: false });
  });

  it('reports a checkpoint answered between clearAudio and clearedAudio as played: its audio was heard', () => {
    const serializer = serializerFor();
    serializer.serialize(new PlaybackMarkFrame('raced'));
    serializer.serialize(new InterruptionFrame());
    expect(
      only(
        serializer.deserialize(
          message({ event: 'playedStream', streamId: STREAM_ID, name: 'raced' }),
        ),
      ),
    ).toMatchObject({ markName: 'raced', cleared: false });
    const frames = framesOf(
      serializer.deserialize(message({ event: 'clearedAudio', streamId: STREAM_ID })),
    );
    expect(frames).toHaveLength(1);
    expect(PlaybackClearedFrame.is(frames[0])).toBe(true);
  });
});

describe('PlivoFrameSerializer: outbound', () => {
  it('passes through transport messages that are Plivo events and drops the rest, warning once', () => {
    const warn = vi.fn();
    const serializer = serializerFor({}, { logger: warningSpyLogger(warn) });
    const checkpoint = { event: 'checkpoint', streamId: STREAM_ID, name: 'custom' };
    expect(serializer.serialize(new OutputTransportMessageFrame(checkpoint))).toBe(
      JSON.stringify(checkpoint),
    );
    expect(
      serializer.serialize(new OutputTransportMessageUrgentFrame({ event: 'sendDTMF', dtmf: '9' })),
    ).toBe('{"event":"sendDTMF","dtmf":"9"}');
    expect(
      serializer.serialize(
        new OutputTransportMessageFrame({ label: 'rtvi-ai', type: 'bot-ready' }),
      ),
    ).toBeUndefined();
    expect(serializer.serialize(new OutputTransportMessageFrame('hello'))).toBeUndefined();
    expect(
      serializer.serialize(new OutputTransportMessageFrame({ event: 'muteStream' })),
    ).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('sends nothing for frames Plivo has no message for, and for empty audio', () => {
    const serializer = serializerFor();
    expect(serializer.serialize(new TextFrame('hi'))).toBeUndefined();
    expect(serializer.serialize(new OutputAudioRawFrame(new Int16Array(0), 8000))).toBeUndefined();
  });

  it('averages stereo output to mono', () => {
    const serializer = serializerFor({ mediaFormat: L16_8K });
    const written = playAudioOf(
      serializer.serialize(
        new OutputAudioRawFrame(Int16Array.of(1000, 3000, -2000, -4000), 8000, 2),
      ) as string,
    );
    expect(written.media.payload).toBe(
      Buffer.from(Int16Array.of(2000, -3000).buffer).toString('base64'),
    );
  });

  it('ends without a request when autoHangUp is off', async () => {
    const serializer = serializerFor();
    expect(serializer.serialize(new EndFrame())).toBeUndefined();
    await expect(serializer.hangUp()).resolves.toBe('skipped');
  });

  it('refuses formats Plivo does not stream and a missing stream id at construction', () => {
    expect(() =>
      serializerFor({ mediaFormat: { encoding: 'PCMA', sampleRate: 8000, channels: 1 } }),
    ).toThrow(/"PCMA" at 8000 Hz/);
    expect(() =>
      serializerFor({ mediaFormat: { encoding: 'PCMU', sampleRate: 16000, channels: 1 } }),
    ).toThrow(/"PCMU" at 16000 Hz/);
    expect(() => serializerFor({ streamId: '' })).toThrow(/non-empty streamId/);
    expect(() => serializerFor({ hangUpTimeoutMs: 0 })).toThrow(/hangUpTimeoutMs/);
  });
});
