import { describe, expect, it } from 'vitest';
import { bytesFromInt16, int16FromBytes, parseWav } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
import {
  OutputAudioRawFrame,
  SpeechOutputAudioRawFrame,
  TTSAudioRawFrame,
} from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import { CancelFrame, EndFrame, InterruptionFrame } from '../frames/lifecycle-frames.js';
import { TTSStoppedFrame } from '../frames/speech-frames.js';
import { PlaybackMarkFrame } from '../frames/telephony-frames.js';
import {
  OutputTransportMessageFrame,
  OutputTransportMessageUrgentFrame,
} from '../frames/transport-frames.js';
import type { FrameSerializer, FrameSerializerSetup } from '../serializer/frame-serializer.js';
import type { HangUpOutcome } from '../telephony/call-hang-up.js';
import { FrameRecorder, RecordingSocket, runPipeline, tone } from './__fixtures__/harness.js';
import { RAW_AUDIO_INTERRUPTION_MESSAGE, RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketTransport } from './websocket-transport.js';
import type { WebSocketTransportParams } from './websocket-transport-params.js';

/** 8 kHz mono: a 40 ms chunk is 320 samples, 640 bytes. */
const CHUNK_SAMPLES = 320;
const CHUNK_MS = 40;

function setUp(params: WebSocketTransportParams = {}, pipelineRates = { in: 8000, out: 8000 }) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const transport = new WebSocketTransport(socket, {
    serializer: new RawAudioSerializer(),
    audioOutEndSilenceSecs: 0,
    ...params,
  });
  const between = new FrameRecorder({ name: 'between' });
  const run = runPipeline([transport.input(), between, transport.output()], {
    clock,
    audioInSampleRate: pipelineRates.in,
    audioOutSampleRate: pipelineRates.out,
  });
  return { socket, transport, between, ...run };
}

async function advanceInSteps(clock: ManualClock, totalMs: number, stepMs = 5): Promise<void> {
  for (let elapsed = 0; elapsed < totalMs; elapsed += stepMs) await clock.advance(stepMs);
}

describe('WebSocketOutputTransport pacing', () => {
  it('sends chunks at real time with at most one chunk of lead (default)', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrame(new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 10, 1000), 8000));
    await advanceInSteps(clock, 600);
    const sends = socket.binary();
    expect(sends).toHaveLength(10);
    expect(sends.every((entry) => entry.data.byteLength === CHUNK_SAMPLES * 2)).toBe(true);
    expect(sends.map((entry) => entry.atMs)).toEqual([0, 0, 40, 80, 120, 160, 200, 240, 280, 320]);
    // chunk n plays from n × 40 ms: it is never sent more than one chunk before that
    sends.forEach((entry, index) => {
      expect(index * CHUNK_MS - entry.atMs).toBeLessThanOrEqual(CHUNK_MS);
      expect(index * CHUNK_MS - entry.atMs).toBeGreaterThanOrEqual(0);
    });
    await task.cancel();
  });

  it('honours a configured lead: with audioOutMaxLeadMs 0 each chunk goes when it is due', async () => {
    const { clock, socket, task } = setUp({ audioOutMaxLeadMs: 0, audioOut10msChunks: 2 });
    await clock.advance(0);
    task.queueFrame(new TTSAudioRawFrame(tone(160 * 5, 1000), 8000));
    await advanceInSteps(clock, 300);
    expect(socket.binary().map((entry) => entry.atMs)).toEqual([0, 20, 40, 60, 80]);
    await task.cancel();
  });

  it('re-anchors only after the previous audio has finished playing', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 2, 1000), 8000));
    await clock.advance(50); // both chunks sent at 0, playing until 80 ms
    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 2, 1000), 8000));
    await advanceInSteps(clock, 100);
    // chunk 2 of the spurt may go at 80 − 40 = 40 ms: it is available at 50 and goes at once;
    // chunk 3 goes at 120 − 40 = 80 ms
    expect(socket.binary().map((entry) => entry.atMs)).toEqual([0, 0, 50, 80]);
    await clock.advance(200); // everything played; a new spurt starts where it arrives
    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 3, 1000), 8000));
    await advanceInSteps(clock, 200);
    expect(
      socket
        .binary()
        .map((entry) => entry.atMs)
        .slice(4),
    ).toEqual([350, 350, 390]);
    await task.cancel();
  });

  it('paces chunks even when the serializer sends nothing for them (buffering)', async () => {
    const clock = new ManualClock();
    const calls: number[] = [];
    const buffering: FrameSerializer = {
      name: 'buffering',
      setup(_setup: FrameSerializerSetup) {},
      serialize(frame: Frame) {
        if (OutputAudioRawFrame.is(frame)) calls.push(clock.now());
        return undefined;
      },
      deserialize: () => undefined,
    };
    const socket = new RecordingSocket(clock);
    const transport = new WebSocketTransport(socket, {
      serializer: buffering,
      audioOutEndSilenceSecs: 0,
    });
    const { task } = runPipeline([transport.input(), transport.output()], { clock });
    await clock.advance(0);
    task.queueFrame(new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 6, 1000), 8000));
    await advanceInSteps(clock, 400);
    expect(calls).toEqual([0, 0, 40, 80, 120, 160]);
    await task.cancel();
  });

  it('uses no timer while there is nothing to send', async () => {
    const { clock, task, transport } = setUp();
    await clock.advance(0);
    expect(clock.pendingTimers).toBe(0);
    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 4, 1000), 8000));
    await clock.advance(1);
    expect(clock.pendingTimers).toBe(1);
    await advanceInSteps(clock, 300);
    expect(transport.output().queuedItems).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    await task.cancel();
  });
});

describe('WebSocketOutputTransport audio', () => {
  it('resamples bot audio to the output rate and keeps its length', async () => {
    const { clock, socket, task } = setUp({}, { in: 8000, out: 8000 });
    await clock.advance(0);
    // 24 kHz TTS, 480 ms: 11520 samples → 3840 at 8 kHz = 12 chunks
    task.queueFrame(new TTSAudioRawFrame(tone(11_520, 3000), 24_000));
    task.queueFrame(new TTSStoppedFrame());
    await advanceInSteps(clock, 800);
    const samples = socket.binary().flatMap((entry) => [...int16FromBytes(entry.data)]);
    expect(samples.length).toBe(12 * CHUNK_SAMPLES);
    // the middle of the utterance is the constant level, without clicks
    const middle = samples.slice(200, 3600);
    expect(Math.min(...middle)).toBeGreaterThan(2900);
    expect(Math.max(...middle)).toBeLessThan(3100);
    await task.cancel();
  });

  it('flushes the partial chunk, padded with silence, on TTSStoppedFrame', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrame(new TTSAudioRawFrame(tone(CHUNK_SAMPLES + 100, 1000), 8000));
    await advanceInSteps(clock, 100);
    expect(socket.binary()).toHaveLength(1);
    task.queueFrame(new TTSStoppedFrame());
    await advanceInSteps(clock, 100);
    const sends = socket.binary();
    expect(sends).toHaveLength(2);
    const last = int16FromBytes(sends[1]!.data);
    expect(last.length).toBe(CHUNK_SAMPLES);
    expect([...last.subarray(0, 100)].every((sample) => sample === 1000)).toBe(true);
    expect([...last.subarray(100)].every((sample) => sample === 0)).toBe(true);
    await task.cancel();
  });

  it('sends binary audio in fixed-size packets and pads the remainder at the end of the utterance', async () => {
    const { clock, socket, task } = setUp({ fixedAudioPacketSize: 500 });
    await clock.advance(0);
    task.queueFrames([
      new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 2, 7), 8000),
      new TTSStoppedFrame(),
    ]);
    await advanceInSteps(clock, 200);
    const sizes = socket.binary().map((entry) => entry.data.byteLength);
    expect(sizes).toEqual([500, 500, 500]); // 1280 bytes: two full packets, then 280 padded
    const last = socket.binary()[2]!.data;
    expect(last.subarray(280).every((byte) => byte === 0)).toBe(true);
    expect(last[279]).toBe(0);
    expect(last[278]).toBe(7);
    await task.cancel();
  });

  it('drops the packet remainder on an interruption', async () => {
    const { clock, socket, task } = setUp({ fixedAudioPacketSize: 500 });
    await clock.advance(0);
    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES, 7), 8000));
    await clock.advance(1); // 640 bytes: one packet out, 140 bytes pending
    expect(socket.binary().map((entry) => entry.data.byteLength)).toEqual([500]);
    task.queueFrame(new InterruptionFrame());
    await clock.advance(1);
    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES, 9), 8000));
    await clock.advance(1);
    const packets = socket.binary();
    expect(packets).toHaveLength(2);
    expect(packets[1]!.data.every((byte, index) => byte === (index % 2 === 0 ? 9 : 0))).toBe(true);
    await task.cancel();
  });

  it('wraps each binary chunk in a WAV header when addWavHeader is set', async () => {
    const { clock, socket, task } = setUp({ addWavHeader: true });
    await clock.advance(0);
    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES, 5), 8000));
    await clock.advance(1);
    const wav = parseWav(socket.binary()[0]!.data);
    expect(wav.sampleRate).toBe(8000);
    expect(wav.numChannels).toBe(1);
    expect(wav.audio.length).toBe(CHUNK_SAMPLES);
    await task.cancel();
  });

  it('sends transport messages in order after the audio queued before them; urgent ones at once', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrames([
      new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 4, 1), 8000),
      new OutputTransportMessageFrame({ after: 'audio' }),
      new PlaybackMarkFrame('m1'),
    ]);
    await clock.advance(1);
    task.queueFrame(new OutputTransportMessageUrgentFrame({ urgent: true }));
    await advanceInSteps(clock, 200);
    const order = socket.sent.map((entry) =>
      typeof entry.data === 'string' ? entry.data : `audio@${entry.atMs}`,
    );
    expect(order).toEqual([
      'audio@0',
      'audio@0',
      '{"urgent":true}',
      'audio@40',
      'audio@80',
      '{"after":"audio"}',
      '{"type":"mark","name":"m1"}',
    ]);
    await task.cancel();
  });
  it('sends a playback mark only after all audio pushed before it, completing the partial chunk', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrames([
      new TTSAudioRawFrame(tone(CHUNK_SAMPLES + 100, 1000), 8000),
      new PlaybackMarkFrame('after-first-words'),
      new TTSAudioRawFrame(tone(CHUNK_SAMPLES, 1000), 8000),
    ]);
    await advanceInSteps(clock, 200);
    const order = socket.sent.map((entry) =>
      typeof entry.data === 'string' ? entry.data : `audio:${entry.data.byteLength}`,
    );
    expect(order.slice(0, 3)).toEqual([
      `audio:${CHUNK_SAMPLES * 2}`,
      `audio:${CHUNK_SAMPLES * 2}`,
      '{"type":"mark","name":"after-first-words"}',
    ]);
    // the 100 samples before the mark went out in the second chunk, padded with silence
    const second = int16FromBytes(socket.binary()[1]!.data);
    expect(second.subarray(0, 100).some((sample) => sample !== 0)).toBe(true);
    expect(second.subarray(100).every((sample) => sample === 0)).toBe(true);
    expect(order).toHaveLength(4);
    await task.cancel();
  });
});

describe('WebSocketOutputTransport bot speaking frames', () => {
  it('reports the bot started at the first TTS chunk and stopped when the utterance has played', async () => {
    const { clock, task, between, after } = setUp();
    await clock.advance(0);
    task.queueFrames([
      new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 10, 1000), 8000),
      new TTSStoppedFrame(),
    ]);
    await clock.advance(1);
    expect(between.types('upstream')).toContain('BotStartedSpeakingFrame');
    expect(after.types()).toContain('BotStartedSpeakingFrame');
    await advanceInSteps(clock, 360);
    expect(between.types('upstream')).not.toContain('BotStoppedSpeakingFrame');
    await advanceInSteps(clock, 50); // 10 chunks play until 400 ms
    const upstream = between.types('upstream').filter((type) => type.startsWith('Bot'));
    expect(upstream[0]).toBe('BotStartedSpeakingFrame');
    expect(upstream.at(-1)).toBe('BotStoppedSpeakingFrame');
    // periodic BotSpeakingFrame, about every 200 ms while speaking
    expect(upstream.filter((type) => type === 'BotSpeakingFrame').length).toBe(2);
    expect(clock.pendingTimers).toBe(0);
    await task.cancel();
  });

  it('does not report speech for plain output audio or silent speech frames', async () => {
    const { clock, task, between } = setUp();
    await clock.advance(0);
    task.queueFrames([
      new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 2, 1000), 8000),
      new SpeechOutputAudioRawFrame(tone(CHUNK_SAMPLES * 2, 0), 8000),
    ]);
    await advanceInSteps(clock, 600);
    expect(between.types('upstream').filter((type) => type.startsWith('Bot'))).toEqual([]);
    await task.cancel();
  });

  it('stops speech without TTSStoppedFrame: non-TTS speech 350 ms after it played', async () => {
    const { clock, task, between } = setUp();
    await clock.advance(0);
    task.queueFrame(new SpeechOutputAudioRawFrame(tone(CHUNK_SAMPLES * 2, 1000), 8000));
    await advanceInSteps(clock, 420); // played until 80 ms, stopped at 430
    expect(between.types('upstream')).not.toContain('BotStoppedSpeakingFrame');
    await advanceInSteps(clock, 20);
    expect(between.types('upstream')).toContain('BotStoppedSpeakingFrame');
    await task.cancel();
  });
});

describe('WebSocketOutputTransport interruption', () => {
  it('sends the clear message at once and no audio queued before it afterwards', async () => {
    const { clock, socket, task, between } = setUp();
    await clock.advance(0);
    task.queueFrame(new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 20, 1111), 8000));
    await advanceInSteps(clock, 100);
    const before = socket.sent.length;
    expect(before).toBe(4);
    task.queueFrame(new InterruptionFrame());
    await clock.advance(1);
    task.queueFrame(new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 2, 2222), 8000));
    await advanceInSteps(clock, 400);
    const after = socket.sent.slice(before);
    expect(after[0]!.data).toBe(RAW_AUDIO_INTERRUPTION_MESSAGE);
    const audioAfter = after.slice(1).map((entry) => int16FromBytes(entry.data as Uint8Array)[0]);
    expect(audioAfter).toEqual([2222, 2222]);
    // the new spurt is anchored afresh: both chunks at once
    expect(after[1]!.atMs).toBe(after[2]!.atMs);
    expect(between.types('upstream')).toContain('BotStoppedSpeakingFrame');
    await task.cancel();
  });
});

describe('WebSocketOutputTransport end and cancel', () => {
  it('drains queued audio at pace, sends the end silence, then closes', async () => {
    const { clock, socket, task, running } = setUp({ audioOutEndSilenceSecs: 0.2 });
    await clock.advance(0);
    task.queueFrames([new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 5, 3), 8000), new EndFrame()]);
    await advanceInSteps(clock, 100);
    expect(socket.closeCalls).toEqual([]);
    await advanceInSteps(clock, 400);
    await running;
    const sends = socket.binary();
    expect(sends).toHaveLength(10); // 5 audio + 200 ms of silence
    expect(int16FromBytes(sends[9]!.data).every((sample) => sample === 0)).toBe(true);
    expect(sends.map((entry) => entry.atMs)).toEqual([0, 0, 40, 80, 120, 160, 200, 240, 280, 320]);
    expect(socket.closeCalls).toEqual([{ code: 1000, reason: 'call ended' }]);
    expect(task.finishReason).toBe('end');
    expect(socket.listenerCount()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('hangs up once through the serializer on end, bounded, then closes', async () => {
    const clock = new ManualClock();
    const ended: string[] = [];
    let hangUps = 0;
    const serializer: FrameSerializer = {
      name: 'hanging-up',
      setup() {},
      serialize(frame) {
        if (EndFrame.is(frame) || CancelFrame.is(frame)) ended.push(frame.type);
        return OutputAudioRawFrame.is(frame) ? bytesFromInt16(frame.audio) : undefined;
      },
      deserialize: () => undefined,
      hangUp() {
        hangUps++;
        return new Promise(() => {}); // a REST call that never answers
      },
    };
    const socket = new RecordingSocket(clock);
    const transport = new WebSocketTransport(socket, {
      serializer,
      audioOutEndSilenceSecs: 0,
      hangUpTimeoutMs: 2000,
    });
    const { task, running } = runPipeline([transport.input(), transport.output()], { clock });
    await clock.advance(0);
    task.stopWhenDone();
    await clock.advance(1999);
    expect(socket.closeCalls).toEqual([]);
    await clock.advance(1);
    await running;
    expect(ended).toEqual(['EndFrame']);
    expect(hangUps).toBe(1);
    expect(socket.closeCalls).toHaveLength(1);
  });

  it('sends what the serializer writes for the end, then hangs up, then closes', async () => {
    const clock = new ManualClock();
    const steps: string[] = [];
    const serializer: FrameSerializer = {
      name: 'saying-goodbye',
      setup() {},
      serialize: (frame) => (CancelFrame.is(frame) ? '{"event":"bye"}' : undefined),
      deserialize: () => undefined,
      async hangUp() {
        steps.push(`hang-up after ${socket.text().length} text message(s)`);
        return 'hung-up';
      },
    };
    const socket = new RecordingSocket(clock);
    const transport = new WebSocketTransport(socket, { serializer, audioOutEndSilenceSecs: 0 });
    const { task, running } = runPipeline([transport.input(), transport.output()], { clock });
    await clock.advance(0);
    void task.cancel();
    await clock.advance(0);
    await running;
    expect(socket.text()).toEqual(['{"event":"bye"}']);
    expect(steps).toEqual(['hang-up after 1 text message(s)']);
    expect(socket.closeCalls).toHaveLength(1);
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('REST down'))],
    [
      'throws',
      () => {
        throw new Error('REST down');
      },
    ],
  ])('closes the call when the hang-up %s, and logs it', async (_how, hangUp) => {
    const clock = new ManualClock();
    const serializer: FrameSerializer = {
      name: 'failing',
      setup() {},
      serialize: () => undefined,
      deserialize: () => undefined,
      hangUp: hangUp as () => Promise<HangUpOutcome>,
    };
    const socket = new RecordingSocket(clock);
    const transport = new WebSocketTransport(socket, { serializer, audioOutEndSilenceSecs: 0 });
    const { task, running } = runPipeline([transport.input(), transport.output()], { clock });
    await clock.advance(0);
    task.stopWhenDone();
    await clock.advance(0);
    await running;
    expect(socket.closeCalls).toEqual([{ code: 1000, reason: 'call ended' }]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancels at once: drops queued audio, hangs up, closes', async () => {
    const { clock, socket, task, running } = setUp({ audioOutEndSilenceSecs: 2 });
    await clock.advance(0);
    task.queueFrame(new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 50, 3), 8000));
    await advanceInSteps(clock, 100);
    const sentBefore = socket.binary().length;
    void task.cancel();
    await clock.advance(0);
    await running;
    expect(socket.binary().length).toBe(sentBefore);
    expect(socket.closeCalls).toEqual([{ code: 1000, reason: 'call ended' }]);
    expect(task.finishReason).toBe('cancel');
    expect(clock.pendingTimers).toBe(0);
    expect(socket.listenerCount()).toBe(0);
  });

  it('terminates the connection when the close handshake exceeds wsCloseTimeoutMs', async () => {
    const { clock, socket, task, running } = setUp({ wsCloseTimeoutMs: 500 });
    socket.closeHandshake = false;
    await clock.advance(0);
    void task.cancel();
    await clock.advance(499);
    expect(socket.terminated).toBe(false);
    await clock.advance(1);
    await running;
    expect(socket.terminated).toBe(true);
    expect(socket.listenerCount()).toBe(0);
  });
});
