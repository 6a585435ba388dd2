import {
  alawToPcm,
  type Frame,
  InputAudioRawFrame,
  InputDTMFFrame,
  InterruptionFrame,
  isMessageRejectedError,
  type Logger,
  OutputAudioRawFrame,
  OutputDTMFFrame,
  OutputDTMFUrgentFrame,
  OutputTransportMessageFrame,
  OutputTransportMessageUrgentFrame,
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  ProviderErrorFrame,
  pcmToAlaw,
  pcmToUlaw,
  StreamStartedFrame,
  StreamStoppedFrame,
  silentLogger,
  ulawToPcm,
} from '@x/transport-core';
import { describe, expect, it, vi } from 'vitest';
import { snrDb, tone } from './__fixtures__/audio.js';
import { fixtureJson, fixtureText, rejectionOf } from './__fixtures__/fixtures.js';
import {
  CALL_CONTROL_ID,
  L16_8K,
  L16_16K,
  mediaMessage,
  outboundPayload,
  PCMA_8K,
  PCMU_8K,
  STREAM_ID,
  startMessage,
} from './__fixtures__/telnyx-stream.js';
import {
  TelnyxFrameSerializer,
  type TelnyxFrameSerializerOptions,
} from './telnyx-frame-serializer.js';
import { telnyxProvider } from './telnyx-provider.js';

function serializerFor(
  options: Partial<TelnyxFrameSerializerOptions> = {},
  pipelineSampleRate = 8000,
): TelnyxFrameSerializer {
  const serializer = new TelnyxFrameSerializer({
    streamId: STREAM_ID,
    callId: CALL_CONTROL_ID,
    callerAudioFormat: PCMU_8K,
    autoHangUp: false,
    ...options,
  });
  serializer.setup({
    audioInSampleRate: pipelineSampleRate,
    audioOutSampleRate: pipelineSampleRate,
    logger: silentLogger,
  });
  return serializer;
}

function framesOf(result: Frame | readonly Frame[] | undefined): Frame[] {
  return result === undefined ? [] : Array.isArray(result) ? [...result] : [result as Frame];
}

function audioOf(frames: readonly Frame[]): number[] {
  return frames.flatMap((frame) => (InputAudioRawFrame.is(frame) ? [...frame.audio] : []));
}

type LogMethod = (fieldsOrMessage: object | string, message?: string) => void;

function spyLogger() {
  return {
    debug: vi.fn<LogMethod>(),
    info: vi.fn<LogMethod>(),
    warn: vi.fn<LogMethod>(),
    error: vi.fn<LogMethod>(),
  } satisfies Logger;
}

describe('TelnyxFrameSerializer inbound', () => {
  it('turns each reference message into the frame the pipeline acts on', () => {
    const serializer = serializerFor();
    expect(serializer.deserialize(fixtureText('connected.json'))).toBeUndefined();
    expect(serializer.deserialize(fixtureText('connected-with-auth-token.json'))).toBeUndefined();

    const started = serializer.deserialize(fixtureText('start.json'));
    expect(StreamStartedFrame.is(started as Frame)).toBe(true);
    expect(started).toMatchObject({
      provider: 'telnyx',
      streamId: STREAM_ID,
      callId: CALL_CONTROL_ID,
      customParameters: { customer_id: 'customer_123' },
    });

    // The reference elides the payload ("..."), which is not base64: refused, not decoded.
    expect(rejectionOf(() => serializer.deserialize(fixtureText('media.json')))).toEqual({
      kind: 'invalid-audio',
      reason: '"media.payload" is not valid base64 (40 characters)',
    });

    const dtmf = serializer.deserialize(fixtureText('dtmf.json')) as InputDTMFFrame;
    expect(InputDTMFFrame.is(dtmf) && dtmf.button).toBe('1');

    const mark = serializer.deserialize(fixtureText('mark.json')) as PlaybackMarkPlayedFrame;
    expect(PlaybackMarkPlayedFrame.is(mark)).toBe(true);
    expect(mark).toMatchObject({ markName: 'greeting-end', cleared: false });

    const error = serializer.deserialize(fixtureText('error.json')) as ProviderErrorFrame;
    expect(ProviderErrorFrame.is(error)).toBe(true);
    expect(error).toMatchObject({
      provider: 'telnyx',
      code: '100003',
      message: 'malformed_frame: Incorrectly formatted frame',
    });

    const stopped = serializer.deserialize(fixtureText('stop.json'));
    expect(StreamStoppedFrame.is(stopped as Frame)).toBe(true);
  });

  it('decodes caller media with the format of the start message', () => {
    const pcmu = serializerFor();
    const frame = pcmu.deserialize(mediaMessage(Buffer.from('//5+gAB/', 'base64'), 1));
    expect(InputAudioRawFrame.is(frame as Frame)).toBe(true);
    expect(frame).toMatchObject({ sampleRate: 8000, numChannels: 1 });
    expect([...(frame as InputAudioRawFrame).audio]).toEqual([0, 8, -8, 32124, -32124, 0]);

    const pcma = serializerFor({ callerAudioFormat: PCMA_8K });
    const alaw = Uint8Array.of(0xd5, 0x55, 0x2a, 0xaa);
    const decoded = pcma.deserialize(mediaMessage(alaw, 1)) as InputAudioRawFrame;
    expect([...decoded.audio]).toEqual([...alawToPcm(alaw)]);

    const l16 = serializerFor({ callerAudioFormat: L16_8K });
    const samples = l16.deserialize(mediaMessage(Uint8Array.of(0x01, 0x02, 0xff, 0xff), 1));
    expect([...(samples as InputAudioRawFrame).audio]).toEqual([0x0201, -1]);
  });

  it('resamples caller audio to the pipeline rate', () => {
    const serializer = serializerFor({}, 16000);
    const frames: Frame[] = [];
    const caller = tone(440, 8000, 200);
    for (let chunk = 0; chunk < 10; chunk++) {
      const payload = pcmToUlaw(caller.subarray(chunk * 160, chunk * 160 + 160));
      frames.push(...framesOf(serializer.deserialize(mediaMessage(payload, chunk + 1))));
    }
    expect(frames.every((frame) => (frame as InputAudioRawFrame).sampleRate === 16000)).toBe(true);
    const received = Int16Array.from(audioOf(frames));
    expect(received.length).toBeGreaterThan(3000);
    expect(snrDb(tone(440, 16000, 200), received, 80, received.length)).toBeGreaterThan(30);
  });

  it('ignores the outbound track and counts it', () => {
    const serializer = serializerFor();
    expect(
      serializer.deserialize(mediaMessage(Uint8Array.of(0xff), 1, { track: 'outbound' })),
    ).toBeUndefined();
    expect(serializer.inboundMediaStats.outboundTrackFrames).toBe(1);
    expect(serializer.inboundMediaStats.received).toBe(0);
  });

  it('puts swapped media frames back in order before decoding', () => {
    const serializer = serializerFor({ callerAudioFormat: L16_8K });
    const chunk = (value: number) => Uint8Array.of(value, 0, value, 0);
    const frames = [1, 3, 2, 4].flatMap((number) =>
      framesOf(serializer.deserialize(mediaMessage(chunk(number), number))),
    );
    expect(audioOf(frames)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(serializer.inboundMediaStats).toMatchObject({ outOfOrder: 1, reordered: 1 });
  });

  it("puts each frame's chunk number on it, so chunks given up as missing become silence in the input", () => {
    const serializer = serializerFor({ callerAudioFormat: L16_8K });
    const chunk = (value: number) => Uint8Array.of(value, 0);
    // chunk 3 never comes: it is given up once more than the window's frames are held
    const frames = [1, 2, 4, 5, 6, 7].flatMap((number) =>
      framesOf(serializer.deserialize(mediaMessage(chunk(number), number))),
    );
    expect(frames.map((frame) => (frame as InputAudioRawFrame).mediaChunk)).toEqual([
      1, 2, 4, 5, 6, 7,
    ]);
    expect(
      frames.every((frame) => (frame as InputAudioRawFrame).mediaTimestampMs === undefined),
    ).toBe(true);
    expect(serializer.inboundMediaStats.missing).toBe(1);
  });

  it('passes held audio on before the stop frame', () => {
    const serializer = serializerFor({ callerAudioFormat: L16_8K });
    serializer.deserialize(mediaMessage(Uint8Array.of(1, 0), 1));
    expect(serializer.deserialize(mediaMessage(Uint8Array.of(3, 0), 3))).toBeUndefined();
    const frames = framesOf(serializer.deserialize(fixtureText('stop.json')));
    expect(frames.map((frame) => frame.type)).toEqual(['InputAudioRawFrame', 'StreamStoppedFrame']);
    expect(audioOf(frames)).toEqual([3]);
  });

  it('refuses messages of another stream and a start that contradicts the serializer', () => {
    const serializer = serializerFor();
    expect(
      rejectionOf(() =>
        serializer.deserialize(mediaMessage(Uint8Array.of(0xff), 1, { streamId: 'other' })),
      ).kind,
    ).toBe('stream-mismatch');
    expect(rejectionOf(() => serializer.deserialize(startMessage(PCMA_8K)))).toEqual({
      kind: 'stream-mismatch',
      reason:
        'start "media_format" PCMA/8000 differs from the caller audio format this serializer was built with (PCMU/8000)',
    });
  });

  it('refuses an odd-length L16 payload and media before setup', () => {
    const l16 = serializerFor({ callerAudioFormat: L16_8K });
    expect(rejectionOf(() => l16.deserialize(mediaMessage(Uint8Array.of(1, 2, 3), 1)))).toEqual({
      kind: 'invalid-audio',
      reason: '"media.payload" has 3 bytes: L16 needs 2 bytes per sample',
    });
    const notSetUp = new TelnyxFrameSerializer({
      streamId: STREAM_ID,
      callerAudioFormat: PCMU_8K,
      autoHangUp: false,
    });
    expect(rejectionOf(() => notSetUp.deserialize(mediaMessage(Uint8Array.of(0xff), 1))).kind).toBe(
      'not-set-up',
    );
  });

  it('throws nothing but MessageRejectedError, whatever arrives', () => {
    const serializer = serializerFor({ callerAudioFormat: L16_8K });
    const junk: (string | Uint8Array)[] = [
      'x',
      new Uint8Array([1, 2]),
      '{"event":"media","media":{"payload":"AAA"}}',
      '{"event":"media","media":{"payload":"AA=="}}',
      '{"event":"start","stream_id":"s","start":{"call_control_id":"c","media_format":{"encoding":"G722","sample_rate":16000}}}',
      '{"event":"mark","mark":{"name":null}}',
      '{"event":"dtmf","dtmf":{"digit":"**"}}',
      '{"event":"clear"}',
      '{"event":"media","media":{"track":"inbound","chunk":"1e3","payload":"AAAA"},"stream_id":{}}',
    ];
    for (const message of junk) {
      let thrown: unknown;
      try {
        serializer.deserialize(message);
      } catch (error) {
        thrown = error;
      }
      expect(isMessageRejectedError(thrown), String(message)).toBe(true);
    }
  });
});

describe('TelnyxFrameSerializer outbound', () => {
  it('sends bot audio as RTP-mode media in the bot audio format', () => {
    const serializer = serializerFor();
    const bot = tone(300, 8000, 20);
    const message = serializer.serialize(new OutputAudioRawFrame(bot, 8000));
    expect(Object.keys(JSON.parse(message as string))).toEqual(['event', 'media']);
    const payload = outboundPayload(message);
    expect(payload.byteLength).toBe(160);
    expect(snrDb(bot, ulawToPcm(payload), 0, 160)).toBeGreaterThan(30);
  });

  it('keeps audio shorter than 20 ms and sends it in front of the next audio', () => {
    const serializer = serializerFor();
    const bot = tone(300, 8000, 30);
    expect(
      serializer.serialize(new OutputAudioRawFrame(bot.subarray(0, 80), 8000)),
    ).toBeUndefined();
    const message = serializer.serialize(new OutputAudioRawFrame(bot.subarray(80), 8000));
    const payload = outboundPayload(message);
    expect(payload.byteLength).toBe(240);
    expect(snrDb(bot, ulawToPcm(payload), 0, 240)).toBeGreaterThan(30);
  });

  it('answers an interruption with clear and drops the audio it kept', () => {
    const serializer = serializerFor();
    serializer.serialize(new OutputAudioRawFrame(new Int16Array(80).fill(9000), 8000));
    expect(serializer.serialize(new InterruptionFrame())).toBe('{"event":"clear"}');
    const message = serializer.serialize(new OutputAudioRawFrame(new Int16Array(160), 8000));
    expect(outboundPayload(message).byteLength).toBe(160);
  });

  it('sends marks and reports the ones a clear returned as cleared', () => {
    const serializer = serializerFor();
    expect(serializer.serialize(new PlaybackMarkFrame('utterance-1'))).toBe(
      '{"event":"mark","mark":{"name":"utterance-1"}}',
    );
    serializer.serialize(new InterruptionFrame());
    serializer.serialize(new PlaybackMarkFrame('utterance-2'));
    const echo = (name: string) =>
      serializer.deserialize(
        JSON.stringify({ event: 'mark', stream_id: STREAM_ID, mark: { name } }),
      ) as PlaybackMarkPlayedFrame;
    expect(echo('utterance-1')).toMatchObject({ markName: 'utterance-1', cleared: true });
    expect(echo('utterance-2')).toMatchObject({ markName: 'utterance-2', cleared: false });
    expect(serializer.outstandingMarks).toBe(0);
  });

  it('sends no DTMF and no transport messages, warning once for each', () => {
    const logger = spyLogger();
    const serializer = serializerFor({ logger });
    for (const frame of [
      new OutputDTMFFrame('12'),
      new OutputDTMFUrgentFrame('#'),
      new OutputTransportMessageFrame({ hello: 1 }),
      new OutputTransportMessageUrgentFrame({ hello: 2 }),
    ]) {
      expect(serializer.serialize(frame)).toBeUndefined();
    }
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/send_dtmf/);
  });

  it('mixes stereo bot audio down to mono, as Telnyx streams are mono', () => {
    const serializer = serializerFor({ callerAudioFormat: PCMU_8K, botAudioFormat: PCMU_8K });
    const voice = tone(500, 8000, 20);
    const stereo = new Int16Array(voice.length * 2);
    voice.forEach((sample, index) => {
      stereo[index * 2] = sample;
      stereo[index * 2 + 1] = sample;
    });
    const payload = outboundPayload(serializer.serialize(new OutputAudioRawFrame(stereo, 8000, 2)));
    expect(payload.byteLength).toBe(voice.length);
    expect(snrDb(voice, ulawToPcm(payload), 0, 160)).toBeGreaterThan(30);
  });
});

describe('caller and bot audio formats are separate settings', () => {
  it('decodes what Telnyx sends as the caller format and encodes what it expects as the bot format', () => {
    const serializer = serializerFor({ callerAudioFormat: PCMA_8K, botAudioFormat: PCMU_8K });
    const voice = tone(500, 8000, 20);
    const heard = serializer.deserialize(mediaMessage(pcmToAlaw(voice), 1)) as InputAudioRawFrame;
    expect(snrDb(voice, heard.audio, 0, 160)).toBeGreaterThan(30);
    const payload = outboundPayload(serializer.serialize(new OutputAudioRawFrame(voice, 8000)));
    expect(snrDb(voice, ulawToPcm(payload), 0, 160)).toBeGreaterThan(30);
    expect(snrDb(voice, alawToPcm(payload), 0, 160)).toBeLessThan(0);
  });

  it('sends the bot format at its own rate, here L16 at 16 kHz for a PCMU caller', () => {
    const serializer = serializerFor({ botAudioFormat: L16_16K }, 16000);
    const message = serializer.serialize(new OutputAudioRawFrame(tone(300, 24000, 40), 24000));
    expect(outboundPayload(message).byteLength).toBeGreaterThanOrEqual(640);
    expect(serializer.botAudioFormat).toEqual(L16_16K);
  });

  it('defaults the bot format to the caller format, and says so when that cannot be sent', () => {
    expect(serializerFor({ callerAudioFormat: PCMA_8K }).botAudioFormat).toEqual(PCMA_8K);
    expect(() =>
      serializerFor({ callerAudioFormat: { encoding: 'L16', sampleRate: 44100, channels: 1 } }),
    ).toThrow(/L16 rate 44100 Hz .*botAudioFormat defaults to the caller audio format/);
  });
});

describe('TelnyxFrameSerializer construction', () => {
  it('names every missing hang-up setting, counting empty strings as missing', () => {
    expect(
      () =>
        new TelnyxFrameSerializer({ streamId: STREAM_ID, callId: '', callerAudioFormat: PCMU_8K }),
    ).toThrow(
      'TelnyxFrameSerializer: autoHangUp is on but callId (the call_control_id) and apiKey are missing; pass them, or pass autoHangUp: false',
    );
    expect(
      () =>
        new TelnyxFrameSerializer({
          streamId: STREAM_ID,
          callId: CALL_CONTROL_ID,
          apiKey: '',
          callerAudioFormat: PCMU_8K,
        }),
    ).toThrow(/apiKey is missing; pass it, or pass autoHangUp: false/);
  });

  it('refuses a caller codec it cannot decode, naming it', () => {
    expect(() =>
      serializerFor({
        callerAudioFormat: { encoding: 'G722' as 'PCMU', sampleRate: 16000, channels: 1 },
      }),
    ).toThrow(/Telnyx stream codec "G722" is not supported/);
    expect(() => serializerFor({ streamId: '' })).toThrow(/needs streamId/);
    expect(() => serializerFor({ reorderWindowFrames: 99 })).toThrow(/from 0 to 16, got 99/);
  });
});

describe('stream auth token', () => {
  const authorized = fixtureJson('connected-with-auth-token.json');

  it('accepts a stream whose connected message carries the token', () => {
    const serializer = serializerFor({ streamAuthToken: 's3cr3t-stream-token' });
    expect(serializer.deserialize(JSON.stringify(authorized))).toBeUndefined();
    expect(StreamStartedFrame.is(serializer.deserialize(fixtureText('start.json')) as Frame)).toBe(
      true,
    );
  });

  it('refuses a stream that never presented the token', () => {
    const serializer = serializerFor({ streamAuthToken: 's3cr3t-stream-token' });
    expect(rejectionOf(() => serializer.deserialize(fixtureText('start.json')))).toEqual({
      kind: 'unauthorized',
      reason: '"start" refused: no connected message has presented the stream auth token',
    });
  });

  it('refuses every message of a stream without the token, and never hangs up for it', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }));
    const serializer = serializerFor({
      streamAuthToken: 's3cr3t-stream-token',
      autoHangUp: true,
      apiKey: 'KEY',
      fetch,
    });
    expect(rejectionOf(() => serializer.deserialize(fixtureText('connected.json')))).toEqual({
      kind: 'unauthorized',
      reason: 'connected message refused: missing x-telnyx-streaming-auth-token',
    });
    expect(rejectionOf(() => serializer.deserialize(fixtureText('start.json'))).kind).toBe(
      'unauthorized',
    );
    expect(
      rejectionOf(() => serializer.deserialize(mediaMessage(Uint8Array.of(0xff), 1))).kind,
    ).toBe('unauthorized');
    expect(await serializer.hangUp()).toBe('skipped');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('stream auth token proven by the upgrade', () => {
  const authorized = JSON.stringify(fixtureJson('connected-with-auth-token.json'));
  const wrongToken = JSON.stringify({
    event: 'connected',
    version: '1.0.0',
    connected: { 'x-telnyx-streaming-auth-token': 'not-the-token' },
  });

  it('needs no token in connected once the upgrade header was verified', () => {
    const serializer = serializerFor({
      streamAuthToken: 's3cr3t-stream-token',
      upgradeAuthenticated: true,
    });
    expect(serializer.deserialize(fixtureText('connected.json'))).toBeUndefined();
    expect(StreamStartedFrame.is(serializer.deserialize(fixtureText('start.json')) as Frame)).toBe(
      true,
    );
  });

  it('starts without any connected message once the upgrade header was verified', () => {
    const serializer = serializerFor({
      streamAuthToken: 's3cr3t-stream-token',
      upgradeAuthenticated: true,
    });
    expect(StreamStartedFrame.is(serializer.deserialize(fixtureText('start.json')) as Frame)).toBe(
      true,
    );
  });

  it('accepts connected presenting the right token as well: either proof is enough', () => {
    const serializer = serializerFor({
      streamAuthToken: 's3cr3t-stream-token',
      upgradeAuthenticated: true,
    });
    expect(serializer.deserialize(authorized)).toBeUndefined();
    expect(StreamStartedFrame.is(serializer.deserialize(fixtureText('start.json')) as Frame)).toBe(
      true,
    );
  });

  it('still refuses a connected message presenting a wrong token, and never hangs up for it', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }));
    const serializer = serializerFor({
      streamAuthToken: 's3cr3t-stream-token',
      upgradeAuthenticated: true,
      autoHangUp: true,
      apiKey: 'KEY',
      fetch,
    });
    expect(rejectionOf(() => serializer.deserialize(wrongToken))).toEqual({
      kind: 'unauthorized',
      reason: 'connected message refused: x-telnyx-streaming-auth-token does not match',
    });
    expect(rejectionOf(() => serializer.deserialize(fixtureText('start.json'))).kind).toBe(
      'unauthorized',
    );
    expect(rejectionOf(() => serializer.deserialize(authorized)).kind).toBe('unauthorized');
    expect(await serializer.hangUp()).toBe('skipped');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('works with upgradeAuthenticated and no stream auth token configured', () => {
    const serializer = serializerFor({ upgradeAuthenticated: true });
    expect(serializer.deserialize(fixtureText('connected.json'))).toBeUndefined();
    expect(StreamStartedFrame.is(serializer.deserialize(fixtureText('start.json')) as Frame)).toBe(
      true,
    );
  });

  it('reaches the serializer through telnyxProvider.createSerializer', () => {
    const recognition = telnyxProvider.recognize(fixtureJson('start.json'));
    if (recognition?.kind !== 'start') throw new Error('not recognised');
    const serializer = telnyxProvider.createSerializer(recognition.callData, {
      autoHangUp: false,
      streamAuthToken: 's3cr3t-stream-token',
      upgradeAuthenticated: true,
    });
    serializer.setup({ audioInSampleRate: 8000, audioOutSampleRate: 8000, logger: silentLogger });
    expect(StreamStartedFrame.is(serializer.deserialize(fixtureText('start.json')) as Frame)).toBe(
      true,
    );
  });
});
