import { describe, expect, it, vi } from 'vitest';
import { pcmToUlaw } from '../audio/index.js';
import { InputAudioRawFrame, OutputAudioRawFrame } from '../frames/audio-frames.js';
import { OutputDTMFFrame } from '../frames/dtmf-frames.js';
import type { Frame } from '../frames/frame.js';
import { InterruptionFrame } from '../frames/lifecycle-frames.js';
import {
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  StreamStoppedFrame,
} from '../frames/telephony-frames.js';
import { OutputTransportMessageFrame, TextFrame } from '../frames/transport-frames.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import type { MediaFormat } from '../providers/call-data.js';
import type { DeserializedFrames, SerializedMessage } from '../serializer/frame-serializer.js';
import {
  isMessageRejectedError,
  MessageRejectedError,
} from '../serializer/message-rejected-error.js';
import { encodeBase64 } from './base64.js';
import type { FetchFunction } from './call-hang-up.js';
import {
  TelephonyFrameSerializer,
  type TelephonyFrameSerializerOptions,
} from './telephony-frame-serializer.js';

const PCMU_8K: MediaFormat = { encoding: 'PCMU', sampleRate: 8000, channels: 1 };
const L16_16K: MediaFormat = { encoding: 'L16', sampleRate: 16_000, channels: 1 };

/** A made-up provider: `{"event":"media","payload":…}`, `mark`, `stop` in; the same names out. */
class ToySerializer extends TelephonyFrameSerializer {
  refusal: string | undefined;

  constructor(options: Partial<TelephonyFrameSerializerOptions> = {}) {
    super({
      provider: 'toy',
      streamId: 'stream-1',
      callerAudioFormat: PCMU_8K,
      clearedMarkReporting: 'echo-each-mark',
      ...options,
    });
  }

  protected override deserializeMessage(data: string | Uint8Array): DeserializedFrames {
    const message = JSON.parse(String(data)) as { event: string; payload?: string; name?: string };
    switch (message.event) {
      case 'media':
        return this.decodeAudio(this.decodePayload(message.payload ?? ''));
      case 'mark':
        return this.markAnswered(message.name ?? '');
      case 'stop':
        return this.providerStopped('toy stop');
      default:
        throw new MessageRejectedError('unknown-event', message.event);
    }
  }

  protected override audioMessage(payload: Uint8Array): SerializedMessage {
    return JSON.stringify({ event: 'media', payload: encodeBase64(payload) });
  }

  protected override clearMessage(): SerializedMessage {
    return '{"event":"clear"}';
  }

  protected override markMessage(name: string): SerializedMessage {
    return JSON.stringify({ event: 'mark', name });
  }

  protected override hangUpRefusal(): string | undefined {
    return this.refusal;
  }
}

function setUp<T extends TelephonyFrameSerializer>(
  serializer: T,
  logger: Logger = silentLogger,
): T {
  serializer.setup({ audioInSampleRate: 8000, audioOutSampleRate: 8000, logger });
  return serializer;
}

function spyLogger() {
  return { warn: vi.fn(), debug: vi.fn(), error: vi.fn(), info: vi.fn() };
}

function hangingUpSerializer(
  fetch: FetchFunction,
  options: Partial<TelephonyFrameSerializerOptions> = {},
) {
  return setUp(
    new ToySerializer({
      hangUp: {
        request: { url: 'https://api.example.com/calls/c1', method: 'DELETE', headers: {} },
        successStatuses: [204],
        isAlreadyEnded: (status) => status === 404,
        fetch,
      },
      ...options,
    }),
  );
}

function media(pcm: Int16Array): string {
  return JSON.stringify({ event: 'media', payload: encodeBase64(pcmToUlaw(pcm)) });
}

describe('TelephonyFrameSerializer audio', () => {
  it('encodes bot audio in the stream format, mixed down to mono, and decodes caller audio', () => {
    const serializer = setUp(new ToySerializer());
    const stereo = Int16Array.of(1000, 3000, -2000, -4000);
    const message = JSON.parse(
      serializer.serialize(new OutputAudioRawFrame(stereo, 8000, 2)) as string,
    ) as { payload: string };
    expect(message.payload).toBe(encodeBase64(pcmToUlaw(Int16Array.of(2000, -3000))));
    const frame = serializer.deserialize(media(new Int16Array(160))) as InputAudioRawFrame;
    expect(InputAudioRawFrame.is(frame)).toBe(true);
    expect(frame.audio).toHaveLength(160);
  });

  it('sends nothing for empty audio and for frames it has no message for', () => {
    const serializer = setUp(new ToySerializer());
    expect(serializer.serialize(new OutputAudioRawFrame(new Int16Array(0), 8000))).toBeUndefined();
    expect(serializer.serialize(new TextFrame('hello'))).toBeUndefined();
  });

  it('refuses caller audio before setup() and throws for bot audio before it', () => {
    const serializer = new ToySerializer();
    const error = (() => {
      try {
        serializer.deserialize(media(new Int16Array(160)));
      } catch (caught) {
        return caught as MessageRejectedError;
      }
    })();
    expect(error?.kind).toBe('not-set-up');
    expect(error?.reason).toContain('setup()');
    expect(() => serializer.serialize(new OutputAudioRawFrame(new Int16Array(160), 8000))).toThrow(
      /setup\(\) must be called before audio is serialized/,
    );
  });

  it('refuses an odd number of L16 bytes, naming the payload field', () => {
    const serializer = setUp(new ToySerializer({ callerAudioFormat: L16_16K }));
    expect(() =>
      serializer.deserialize(
        JSON.stringify({ event: 'media', payload: encodeBase64(Uint8Array.of(1, 2, 3)) }),
      ),
    ).toThrow('"media.payload" has 3 bytes: L16 needs 2 bytes per sample');
  });

  it('turns any other error of a message into a MessageRejectedError', () => {
    const serializer = setUp(new ToySerializer());
    let caught: unknown;
    try {
      serializer.deserialize('not json');
    } catch (error) {
      caught = error;
    }
    expect(isMessageRejectedError(caught)).toBe(true);
    expect((caught as MessageRejectedError).kind).toBe('invalid-message');
  });

  it('keeps its formats and gives the bot audio format its own codec when it differs', () => {
    const serializer = setUp(new ToySerializer({ botAudioFormat: L16_16K }));
    expect(serializer.callerAudioFormat).toEqual(PCMU_8K);
    expect(serializer.botAudioFormat).toEqual(L16_16K);
    const message = JSON.parse(
      serializer.serialize(new OutputAudioRawFrame(new Int16Array(160), 8000)) as string,
    ) as { payload: string };
    // 20 ms at 8 kHz become L16 at 16 kHz: 2 bytes a sample, twice the samples (less what the
    // resampler keeps for the next chunk), where PCMU at 8 kHz would be 160 bytes.
    const bytes = Buffer.from(message.payload, 'base64').byteLength;
    expect(bytes % 2).toBe(0);
    expect(bytes).toBeGreaterThan(400);
  });
});

describe('TelephonyFrameSerializer marks and clears', () => {
  it('reports a mark answered before a clear as played and one the clear dropped as cleared', () => {
    const serializer = setUp(new ToySerializer());
    expect(serializer.serialize(new PlaybackMarkFrame('a'))).toBe('{"event":"mark","name":"a"}');
    serializer.serialize(new PlaybackMarkFrame('b'));
    expect(serializer.outstandingMarks).toBe(2);
    const played = serializer.deserialize('{"event":"mark","name":"a"}') as PlaybackMarkPlayedFrame;
    expect(played).toMatchObject({ markName: 'a', cleared: false });
    expect(serializer.serialize(new InterruptionFrame())).toBe('{"event":"clear"}');
    const cleared = serializer.deserialize(
      '{"event":"mark","name":"b"}',
    ) as PlaybackMarkPlayedFrame;
    expect(PlaybackMarkPlayedFrame.is(cleared)).toBe(true);
    expect(cleared).toMatchObject({ markName: 'b', cleared: true });
    expect(serializer.outstandingMarks).toBe(0);
  });

  it('drops DTMF and transport messages by default with one warning each, and RTVI silently', () => {
    const logger = spyLogger();
    const serializer = setUp(new ToySerializer(), logger);
    expect(serializer.serialize(new OutputDTMFFrame('1'))).toBeUndefined();
    expect(serializer.serialize(new OutputDTMFFrame('2'))).toBeUndefined();
    expect(
      serializer.serialize(new OutputTransportMessageFrame({ label: 'rtvi-ai', type: 'x' })),
    ).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    serializer.serialize(new OutputTransportMessageFrame({ hello: 1 }));
    serializer.serialize(new OutputTransportMessageFrame({ hello: 2 }));
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('does not send DTMF natively by default, so the transport plays the keys as tones', () => {
    expect(new ToySerializer().sendsDtmf).toBe(false);
  });
});

describe('TelephonyFrameSerializer hang-up', () => {
  it('sends the request once, whoever asks, and keeps the outcome', async () => {
    const fetch = vi.fn<FetchFunction>(async () => new Response(null, { status: 204 }));
    const serializer = hangingUpSerializer(fetch);
    expect(serializer.hangUpOutcome).toBeUndefined();
    const outcomes = await Promise.all([serializer.hangUp(), serializer.hangUp()]);
    expect(outcomes).toEqual(['hung-up', 'hung-up']);
    expect(await serializer.hangUp()).toBe('hung-up');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe('https://api.example.com/calls/c1');
    expect(serializer.hangUpOutcome).toBe('hung-up');
  });

  it('reads the provider saying the call had already ended', async () => {
    const serializer = hangingUpSerializer(async () => new Response('{}', { status: 404 }));
    expect(await serializer.hangUp()).toBe('already-ended');
  });

  it('sends nothing after the provider stopped the stream', async () => {
    const fetch = vi.fn<FetchFunction>();
    const serializer = hangingUpSerializer(fetch);
    expect(StreamStoppedFrame.is(serializer.deserialize('{"event":"stop"}') as Frame)).toBe(true);
    expect(await serializer.hangUp()).toBe('skipped');
    expect(serializer.hangUpOutcome).toBe('skipped');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends nothing when the provider serializer gives a reason not to, and warns', async () => {
    const fetch = vi.fn<FetchFunction>();
    const logger = spyLogger();
    const serializer = hangingUpSerializer(fetch, { logger });
    serializer.refusal = 'the stream is not authenticated';
    expect(await serializer.hangUp()).toBe('skipped');
    expect(fetch).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith('no hang-up request: the stream is not authenticated');
  });

  it('skips the hang-up when auto hang-up is off', async () => {
    const serializer = setUp(new ToySerializer());
    expect(await serializer.hangUp()).toBe('skipped');
    expect(serializer.hangUpOutcome).toBe('skipped');
  });

  it('gives up after hangUpTimeoutMs', async () => {
    const neverAnswers: FetchFunction = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const serializer = hangingUpSerializer(neverAnswers, { hangUpTimeoutMs: 20 });
    expect(await serializer.hangUp()).toBe('timeout');
  });

  it('refuses a hangUpTimeoutMs that is not a positive number', () => {
    expect(() => new ToySerializer({ hangUpTimeoutMs: 0 })).toThrow(
      'hangUpTimeoutMs must be a positive number of milliseconds, got 0',
    );
    expect(() => new ToySerializer({ hangUpTimeoutMs: Number.NaN })).toThrow(RangeError);
  });
});
