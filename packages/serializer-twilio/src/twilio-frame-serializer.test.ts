import {
  CancelFrame,
  EndFrame,
  type Frame,
  InputAudioRawFrame,
  InputDTMFFrame,
  InterruptionFrame,
  isMessageRejectedError,
  MessageRejectedError,
  OutputAudioRawFrame,
  OutputDTMFFrame,
  OutputDTMFUrgentFrame,
  OutputTransportMessageFrame,
  OutputTransportMessageUrgentFrame,
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  pcmToUlaw,
  StreamStartedFrame,
  StreamStoppedFrame,
  silentLogger,
  TTSAudioRawFrame,
  ulawToPcm,
} from '@x/transport-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  editedFixture,
  FIXTURE_ACCOUNT_SID,
  FIXTURE_CALL_SID,
  FIXTURE_STREAM_SID,
  fixtureText,
} from './__fixtures__/fixtures.js';
import {
  type RecordedResponse,
  type RecordingHttpServer,
  startRecordingHttpServer,
} from './__fixtures__/recording-http-server.js';
import { RecordingLogger } from './__fixtures__/recording-logger.js';
import { concatPcm, snrDb, tone } from './__fixtures__/test-audio.js';
import {
  TwilioFrameSerializer,
  type TwilioFrameSerializerOptions,
} from './twilio-frame-serializer.js';

const PIPELINE_IN_RATE_HZ = 16_000;

function createSerializer(
  options: Partial<TwilioFrameSerializerOptions> = {},
  audioInSampleRate = PIPELINE_IN_RATE_HZ,
): TwilioFrameSerializer {
  const serializer = new TwilioFrameSerializer({
    streamId: FIXTURE_STREAM_SID,
    callId: FIXTURE_CALL_SID,
    autoHangUp: false,
    ...options,
  });
  serializer.setup({ audioInSampleRate, audioOutSampleRate: 24_000, logger: silentLogger });
  return serializer;
}

function rejectionOf(action: () => unknown): MessageRejectedError {
  try {
    action();
  } catch (error) {
    if (error instanceof MessageRejectedError) return error;
    throw error;
  }
  throw new Error('expected a MessageRejectedError');
}

function single(frames: unknown): Frame {
  expect(Array.isArray(frames)).toBe(false);
  expect(frames).toBeDefined();
  return frames as Frame;
}

function mediaMessage(
  payload: Uint8Array,
  streamSid = FIXTURE_STREAM_SID,
  track = 'inbound',
): string {
  return JSON.stringify({
    event: 'media',
    sequenceNumber: '3',
    media: { track, chunk: '1', timestamp: '0', payload: Buffer.from(payload).toString('base64') },
    streamSid,
  });
}

function payloadOf(message: unknown): Uint8Array {
  const parsed = JSON.parse(message as string) as { media: { payload: string } };
  return new Uint8Array(Buffer.from(parsed.media.payload, 'base64'));
}

describe('TwilioFrameSerializer construction', () => {
  it('requires the call SID, account SID and credentials for the default auto hang-up, naming each', () => {
    expect(() => new TwilioFrameSerializer({ streamId: FIXTURE_STREAM_SID })).toThrow(
      'TwilioFrameSerializer auto hang-up needs callId, accountSid, authToken (or apiKeySid and apiKeySecret); pass them, or pass autoHangUp: false',
    );
    expect(
      () =>
        new TwilioFrameSerializer({
          streamId: FIXTURE_STREAM_SID,
          callId: '',
          accountSid: FIXTURE_ACCOUNT_SID,
          authToken: '',
        }),
    ).toThrow(/needs callId, authToken/);
    expect(
      () =>
        new TwilioFrameSerializer({
          streamId: FIXTURE_STREAM_SID,
          callId: FIXTURE_CALL_SID,
          accountSid: FIXTURE_ACCOUNT_SID,
          apiKeySid: 'SK1',
          apiKeySecret: 'secret',
        }),
    ).not.toThrow();
  });

  it('needs no credentials when auto hang-up is off', () => {
    expect(
      () => new TwilioFrameSerializer({ streamId: FIXTURE_STREAM_SID, autoHangUp: false }),
    ).not.toThrow();
  });

  it('refuses an empty stream SID, a media format other than μ-law 8 kHz mono and a region without edge', () => {
    expect(() => new TwilioFrameSerializer({ streamId: '', autoHangUp: false })).toThrow(
      /streamId/,
    );
    expect(
      () =>
        new TwilioFrameSerializer({
          streamId: FIXTURE_STREAM_SID,
          autoHangUp: false,
          mediaFormat: { encoding: 'PCMA', sampleRate: 8000, channels: 1 },
        }),
    ).toThrow('unsupported Twilio media format PCMA at 8000 Hz, 1 channel(s)');
    expect(
      () =>
        new TwilioFrameSerializer({
          streamId: FIXTURE_STREAM_SID,
          callId: FIXTURE_CALL_SID,
          accountSid: FIXTURE_ACCOUNT_SID,
          authToken: 'token',
          region: 'au1',
        }),
    ).toThrow(/region "au1" needs an edge/);
  });
});

describe('TwilioFrameSerializer.deserialize: every documented message', () => {
  it('checks connected and passes nothing on', () => {
    expect(createSerializer().deserialize(fixtureText('connected.json'))).toBeUndefined();
  });

  it('turns start into a StreamStartedFrame with the call ids and custom parameters', () => {
    const frame = single(createSerializer().deserialize(fixtureText('start.json')));
    expect(StreamStartedFrame.is(frame)).toBe(true);
    expect(frame).toMatchObject({
      provider: 'twilio',
      streamId: FIXTURE_STREAM_SID,
      callId: FIXTURE_CALL_SID,
      customParameters: { FirstName: 'Jane', LastName: 'Doe', RemoteParty: 'Bob' },
    });
  });

  it('refuses the documented media example, whose payload is cut short with "...", as invalid audio', () => {
    const error = rejectionOf(() => createSerializer().deserialize(fixtureText('media.json')));
    expect(error.kind).toBe('invalid-audio');
    expect(error.reason).toContain('"media.payload" is not valid base64');
  });

  it('decodes 20 ms media frames to mono PCM at the pipeline rate', () => {
    const serializer = createSerializer();
    const first = single(serializer.deserialize(fixtureText('media-20ms-tone.json')));
    expect(InputAudioRawFrame.is(first)).toBe(true);
    const audio = first as InputAudioRawFrame;
    expect(audio.sampleRate).toBe(PIPELINE_IN_RATE_HZ);
    expect(audio.numChannels).toBe(1);
    // The streaming resampler holds back a few milliseconds until the next samples arrive…
    expect(audio.audio.length).toBeGreaterThan(160);
    expect(audio.audio.length).toBeLessThan(320);
    // …then every 20 ms in gives 20 ms out.
    const second = serializer.deserialize(
      fixtureText('media-20ms-tone.json'),
    ) as InputAudioRawFrame;
    expect(second.audio.length).toBe(320);
  });

  it('puts media.timestamp on the frame, so the input can fill lost audio with silence', () => {
    const serializer = createSerializer({}, 8000);
    const at = (timestamp: unknown) =>
      single(
        serializer.deserialize(
          editedFixture('media-20ms-tone.json', (message) => {
            (message.media as Record<string, unknown>).timestamp = timestamp;
          }),
        ),
      ) as InputAudioRawFrame;
    expect(at('0').mediaTimestampMs).toBe(0);
    expect(at('5000').mediaTimestampMs).toBe(5000);
    // a timestamp that is not a whole number of ms is left off; the audio still passes
    expect(at('5.5').mediaTimestampMs).toBeUndefined();
    expect(at(undefined).mediaTimestampMs).toBeUndefined();
    expect(at('-20').audio.length).toBe(160);
  });

  it('turns dtmf into an InputDTMFFrame', () => {
    const frame = single(createSerializer().deserialize(fixtureText('dtmf.json')));
    expect(InputDTMFFrame.is(frame)).toBe(true);
    expect((frame as InputDTMFFrame).button).toBe('1');
  });

  it('turns a mark echo into a PlaybackMarkPlayedFrame', () => {
    const frame = single(createSerializer().deserialize(fixtureText('mark.json')));
    expect(PlaybackMarkPlayedFrame.is(frame)).toBe(true);
    expect(frame).toMatchObject({ markName: 'my label', cleared: false });
  });

  it('turns stop into a StreamStoppedFrame', () => {
    const frame = single(createSerializer().deserialize(fixtureText('stop.json')));
    expect(StreamStoppedFrame.is(frame)).toBe(true);
  });
});

describe('TwilioFrameSerializer.deserialize: what it refuses or ignores', () => {
  it('ignores audio of the outbound track', () => {
    const payload = pcmToUlaw(tone(440, 8000, 160));
    expect(
      createSerializer().deserialize(mediaMessage(payload, FIXTURE_STREAM_SID, 'outbound')),
    ).toBeUndefined();
  });

  it("refuses another stream's messages", () => {
    const error = rejectionOf(() =>
      createSerializer().deserialize(mediaMessage(new Uint8Array(160), 'MZother')),
    );
    expect(error.kind).toBe('stream-mismatch');
    expect(error.reason).toContain('"MZother"');
  });

  it('refuses a start with another media format, then every audio frame of that stream', () => {
    const serializer = createSerializer();
    const start = editedFixture('start.json', (message) => {
      (message.start as { mediaFormat: { encoding: string } }).mediaFormat.encoding =
        'audio/x-alaw';
    });
    expect(rejectionOf(() => serializer.deserialize(start)).kind).toBe('unsupported-codec');
    const audio = rejectionOf(() => serializer.deserialize(fixtureText('media-20ms-tone.json')));
    expect(audio.kind).toBe('unsupported-codec');
    expect(audio.reason).toContain('audio/x-alaw');
  });

  it('refuses a second start message and goes on decoding the stream', () => {
    const serializer = createSerializer();
    expect(serializer.deserialize(fixtureText('start.json'))).toMatchObject({
      type: 'StreamStartedFrame',
    });
    expect(rejectionOf(() => serializer.deserialize(fixtureText('start.json'))).kind).toBe(
      'duplicate-start',
    );
    expect(serializer.deserialize(fixtureText('media-20ms-tone.json'))).toMatchObject({
      type: 'InputAudioRawFrame',
    });
  });

  it('refuses audio in or out before setup() with a clear reason', () => {
    const serializer = new TwilioFrameSerializer({
      streamId: FIXTURE_STREAM_SID,
      autoHangUp: false,
    });
    const error = rejectionOf(() => serializer.deserialize(fixtureText('media-20ms-tone.json')));
    expect(error.kind).toBe('not-set-up');
    expect(error.reason).toContain('setup()');
    expect(() => serializer.serialize(new OutputAudioRawFrame(new Int16Array(160), 8000))).toThrow(
      /setup\(\) must be called before audio is serialized/,
    );
  });

  it('throws nothing but MessageRejectedError for damaged messages', () => {
    const serializer = createSerializer();
    const samples = [
      new Uint8Array([0x7b]),
      '',
      'null',
      '{"event":"media","streamSid":"MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","media":{"payload":"AAA"}}',
      '{"event":"media","streamSid":"MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","media":{"payload":"AA=="}}',
      '{"event":"dtmf","streamSid":"MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","dtmf":{"digit":"D"}}',
      '{"event":"mark","streamSid":"MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","mark":{"name":null}}',
      '{"event":"stop","streamSid":"MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","stop":"now"}',
      '{"event":"start","start":{"streamSid":1}}',
      '{"event":{"nested":true}}',
      '{"event":"__proto__"}',
    ];
    for (const data of samples) {
      try {
        serializer.deserialize(data);
      } catch (error) {
        expect(isMessageRejectedError(error), String(data)).toBe(true);
      }
    }
  });
});

describe('TwilioFrameSerializer.serialize', () => {
  it('sends bot audio as a media message with exactly event, streamSid and media.payload', () => {
    const serializer = createSerializer();
    const message = serializer.serialize(new OutputAudioRawFrame(tone(440, 8000, 160), 8000));
    const parsed = JSON.parse(message as string);
    expect(Object.keys(parsed)).toEqual(['event', 'streamSid', 'media']);
    expect(parsed.event).toBe('media');
    expect(parsed.streamSid).toBe(FIXTURE_STREAM_SID);
    expect(Object.keys(parsed.media)).toEqual(['payload']);
    expect(payloadOf(message)).toEqual(pcmToUlaw(tone(440, 8000, 160)));
  });

  it('sends TTS audio at any rate, resampled to 8 kHz μ-law', () => {
    const serializer = createSerializer();
    const speech = tone(440, 24_000, 960);
    const first = payloadOf(
      serializer.serialize(new TTSAudioRawFrame(speech.subarray(0, 480), 24_000)),
    );
    const second = payloadOf(
      serializer.serialize(new TTSAudioRawFrame(speech.subarray(480), 24_000)),
    );
    expect(first.length).toBeGreaterThan(80);
    expect(second.length).toBe(160);
  });

  it('downmixes stereo bot audio to mono', () => {
    const left = tone(440, 8000, 160);
    const stereo = new Int16Array(320);
    for (let index = 0; index < 160; index++) {
      stereo[index * 2] = left[index]!;
      stereo[index * 2 + 1] = left[index]!;
    }
    const message = createSerializer().serialize(new OutputAudioRawFrame(stereo, 8000, 2));
    expect(payloadOf(message)).toEqual(pcmToUlaw(left));
  });

  it('sends nothing for empty audio', () => {
    expect(
      createSerializer().serialize(new OutputAudioRawFrame(new Int16Array(0), 8000)),
    ).toBeUndefined();
  });

  it('sends clear on an interruption and mark for a playback mark', () => {
    const serializer = createSerializer();
    expect(serializer.serialize(new InterruptionFrame())).toBe(
      `{"event":"clear","streamSid":"${FIXTURE_STREAM_SID}"}`,
    );
    expect(serializer.serialize(new PlaybackMarkFrame('my label'))).toBe(
      `{"event":"mark","streamSid":"${FIXTURE_STREAM_SID}","mark":{"name":"my label"}}`,
    );
  });

  it('reports a mark echoed after a clear as cleared, and a later one as played', () => {
    const serializer = createSerializer();
    serializer.serialize(new PlaybackMarkFrame('my label'));
    serializer.serialize(new InterruptionFrame());
    serializer.serialize(new PlaybackMarkFrame('after'));
    const echo = (name: string) =>
      serializer.deserialize(
        editedFixture('mark.json', (message) => {
          message.mark = { name };
        }),
      ) as PlaybackMarkPlayedFrame;
    expect(echo('my label')).toMatchObject({ markName: 'my label', cleared: true });
    expect(echo('after')).toMatchObject({ markName: 'after', cleared: false });
  });

  it('drops DTMF, which Twilio cannot send on the socket, and logs it once', () => {
    const logger = new RecordingLogger();
    const serializer = createSerializer({ logger });
    expect(serializer.serialize(new OutputDTMFFrame('12'))).toBeUndefined();
    expect(serializer.serialize(new OutputDTMFUrgentFrame('#'))).toBeUndefined();
    expect(logger.at('warn')).toHaveLength(1);
    expect(logger.at('warn')[0]?.message).toContain('does not support sending DTMF');
  });

  it('sends transport messages only when Twilio accepts them, logging the first refusal', () => {
    const logger = new RecordingLogger();
    const serializer = createSerializer({ logger });
    expect(serializer.serialize(new OutputTransportMessageUrgentFrame({ event: 'clear' }))).toBe(
      `{"event":"clear","streamSid":"${FIXTURE_STREAM_SID}"}`,
    );
    expect(
      serializer.serialize(new OutputTransportMessageFrame({ event: 'mark', mark: { name: 'x' } })),
    ).toBe(`{"event":"mark","streamSid":"${FIXTURE_STREAM_SID}","mark":{"name":"x"}}`);
    expect(
      serializer.serialize(new OutputTransportMessageFrame({ event: 'hello' })),
    ).toBeUndefined();
    expect(serializer.serialize(new OutputTransportMessageFrame({ event: 'bye' }))).toBeUndefined();
    expect(
      serializer.serialize(
        new OutputTransportMessageFrame({ label: 'rtvi-ai', type: 'bot-ready' }),
      ),
    ).toBeUndefined();
    expect(logger.at('warn')).toHaveLength(1);
    expect(logger.at('warn')[0]?.fields).toMatchObject({
      reason: expect.stringContaining('"hello"'),
    });
  });

  it('sends nothing for End and Cancel, and skips the hang-up when auto hang-up is off', async () => {
    const serializer = createSerializer();
    expect(serializer.serialize(new EndFrame())).toBeUndefined();
    expect(serializer.serialize(new CancelFrame())).toBeUndefined();
    expect(serializer.hangUpOutcome).toBeUndefined();
    expect(await serializer.hangUp()).toBe('skipped');
    expect(serializer.hangUpOutcome).toBe('skipped');
  });
});

describe('TwilioFrameSerializer audio round trip', () => {
  /** Sends a μ-law tone in as Twilio would, takes the pipeline audio, and sends it back out. */
  function roundTrip(pipelineRate: number, chunkMs: number) {
    const serializer = createSerializer({}, pipelineRate);
    const original = tone(440, 8000, 8000, 6000);
    const wire = pcmToUlaw(original);
    const decoded: Int16Array[] = [];
    for (let offset = 0; offset < wire.length; offset += 160) {
      const frame = serializer.deserialize(mediaMessage(wire.subarray(offset, offset + 160)));
      if (frame) decoded.push((frame as InputAudioRawFrame).audio);
    }
    const pipelineAudio = concatPcm(decoded);
    const outBytes: number[] = [];
    const chunkSamples = (pipelineRate * chunkMs) / 1000;
    for (let offset = 0; offset < pipelineAudio.length; offset += chunkSamples) {
      const chunk = pipelineAudio.slice(offset, offset + chunkSamples);
      const message = serializer.serialize(new OutputAudioRawFrame(chunk, pipelineRate));
      if (message !== undefined) outBytes.push(...payloadOf(message));
    }
    return { original, wire, pipelineAudio, returned: ulawToPcm(Uint8Array.from(outBytes)) };
  }

  it('returns the very same μ-law bytes when the pipeline runs at 8 kHz', () => {
    const { wire, returned } = roundTrip(8000, 20);
    expect(pcmToUlaw(returned)).toEqual(pcmToUlaw(ulawToPcm(wire)));
  });

  it.each([16_000, 24_000, 48_000])(
    'keeps a 440 Hz tone through decode, resampling to %i Hz and back (SNR above 35 dB)',
    (pipelineRate) => {
      const { original, pipelineAudio, returned } = roundTrip(pipelineRate, 20);
      expect(pipelineAudio.length).toBeGreaterThan(pipelineRate * 0.98);
      // Resampling adds no delay, so samples line up; the last few ms are held back by the
      // resamplers until the stream continues.
      const compared = Math.min(returned.length, original.length);
      expect(compared).toBeGreaterThan(7800);
      expect(snrDb(original, returned, 40, compared)).toBeGreaterThan(35);
    },
  );

  it('measures the pipeline-side audio too: the tone at 16 kHz matches the original sample-wise', () => {
    const { pipelineAudio } = roundTrip(16_000, 20);
    const expected = tone(440, 16_000, pipelineAudio.length, 6000);
    expect(snrDb(expected, pipelineAudio, 80, pipelineAudio.length)).toBeGreaterThan(35);
  });
});

describe('TwilioFrameSerializer hang-up against a local HTTP server', () => {
  let server: RecordingHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serializerAgainst(
    respond: (count: number) => RecordedResponse,
    options: Partial<TwilioFrameSerializerOptions> = {},
  ) {
    let count = 0;
    server = await startRecordingHttpServer(() => respond(++count));
    return createSerializer({
      autoHangUp: true,
      accountSid: FIXTURE_ACCOUNT_SID,
      authToken: 'token',
      apiBaseUrl: server.url,
      ...options,
    });
  }

  it('posts Status=completed once on hangUp(), with Basic auth, and reports hung-up', async () => {
    const serializer = await serializerAgainst(() => ({ status: 200, body: '{}' }));
    expect(serializer.serialize(new EndFrame())).toBeUndefined();
    expect(server?.requests).toHaveLength(0);
    await expect(serializer.hangUp()).resolves.toBe('hung-up');
    expect(serializer.hangUpOutcome).toBe('hung-up');
    expect(server?.requests).toHaveLength(1);
    expect(server?.requests[0]).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${FIXTURE_ACCOUNT_SID}/Calls/${FIXTURE_CALL_SID}.json`,
      body: 'Status=completed',
      headers: {
        authorization: `Basic ${Buffer.from(`${FIXTURE_ACCOUNT_SID}:token`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
  });

  it('sends one request however often hangUp() is called', async () => {
    const serializer = await serializerAgainst(() => ({ status: 200, body: '{}' }));
    await Promise.all([serializer.hangUp(), serializer.hangUp(), serializer.hangUp()]);
    await serializer.hangUp();
    expect(server?.requests).toHaveLength(1);
  });

  it.each([
    [404, '{"code":20404,"message":"The requested resource was not found"}', 'already-ended'],
    [400, '{"code":21220,"message":"Call is not in-progress. Cannot redirect."}', 'already-ended'],
    [404, '{"code":20003}', 'failed'],
    [401, '{"code":20003,"message":"Authenticate"}', 'failed'],
    [500, 'oops', 'failed'],
  ] as const)('reads HTTP %i %s as %s, without throwing', async (status, body, outcome) => {
    const serializer = await serializerAgainst(() => ({ status, body }));
    await expect(serializer.hangUp()).resolves.toBe(outcome);
    expect(serializer.hangUpOutcome).toBe(outcome);
  });

  it('gives up after hangUpTimeoutMs when Twilio does not answer', async () => {
    const serializer = await serializerAgainst(() => 'hang', { hangUpTimeoutMs: 100 });
    await serializer.hangUp();
    expect(serializer.hangUpOutcome).toBe('timeout');
  });

  it('sends no request after Twilio stopped the stream', async () => {
    const serializer = await serializerAgainst(() => ({ status: 200, body: '{}' }));
    serializer.deserialize(fixtureText('stop.json'));
    await serializer.hangUp();
    expect(serializer.hangUpOutcome).toBe('skipped');
    expect(server?.requests).toHaveLength(0);
  });

  it('uses the injected fetch', async () => {
    const calls: string[] = [];
    const serializer = createSerializer({
      autoHangUp: true,
      accountSid: FIXTURE_ACCOUNT_SID,
      authToken: 'token',
      region: 'au1',
      edge: 'sydney',
      fetch: async (input) => {
        calls.push(input);
        return new Response('{}', { status: 200 });
      },
    });
    await serializer.hangUp();
    expect(calls).toEqual([
      `https://api.sydney.au1.twilio.com/2010-04-01/Accounts/${FIXTURE_ACCOUNT_SID}/Calls/${FIXTURE_CALL_SID}.json`,
    ]);
    expect(serializer.hangUpOutcome).toBe('hung-up');
  });
});
