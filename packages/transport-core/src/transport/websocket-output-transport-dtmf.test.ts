import { describe, expect, it } from 'vitest';
import { bytesFromInt16, int16FromBytes } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
import { OutputAudioRawFrame, TTSAudioRawFrame } from '../frames/audio-frames.js';
import { OutputDTMFFrame, OutputDTMFUrgentFrame } from '../frames/dtmf-frames.js';
import type { Frame } from '../frames/frame.js';
import { InterruptionFrame } from '../frames/lifecycle-frames.js';
import type { FrameSerializer } from '../serializer/frame-serializer.js';
import { decodeDtmfKeys } from '../vad/tones/decode-dtmf-keys.js';
import { FrameRecorder, RecordingSocket, runPipeline, tone } from './__fixtures__/harness.js';
import { RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketTransport } from './websocket-transport.js';
import {
  resolveWebSocketTransportParams,
  type WebSocketTransportParams,
} from './websocket-transport-params.js';

/** 8 kHz mono: a 40 ms chunk is 320 samples. */
const CHUNK_SAMPLES = 320;
/** Bot audio level, told apart from the tones by being constant. */
const BOT_LEVEL = 1000;
/** One key with the default timing (100 ms on, 100 ms off) at 8 kHz: five 40 ms chunks. */
const CHUNKS_PER_KEY = 5;

/** A serializer without native DTMF (like Twilio's and Telnyx's): audio as bytes, and a log. */
class AudioOnlySerializer implements FrameSerializer {
  readonly name = 'audio-only';
  readonly serialized: string[] = [];
  setup(): void {}
  serialize(frame: Frame): Uint8Array | undefined {
    this.serialized.push(frame.type);
    return OutputAudioRawFrame.is(frame) ? bytesFromInt16(frame.audio) : undefined;
  }
  deserialize(): undefined {
    return undefined;
  }
}

function setUp(params: WebSocketTransportParams = {}) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const serializer = params.serializer ?? new AudioOnlySerializer();
  const transport = new WebSocketTransport(socket, {
    audioOutEndSilenceSecs: 0,
    ...params,
    serializer,
  });
  const between = new FrameRecorder({ name: 'between' });
  const run = runPipeline([transport.input(), between, transport.output()], { clock });
  return { socket, serializer, between, ...run };
}

async function advanceInSteps(clock: ManualClock, totalMs: number, stepMs = 5): Promise<void> {
  for (let elapsed = 0; elapsed < totalMs; elapsed += stepMs) await clock.advance(stepMs);
}

/** Each binary chunk sent: `bot` for constant bot audio, `tone` for anything else. */
function chunkKinds(socket: RecordingSocket): string[] {
  return socket.binary().map((entry) => {
    const samples = int16FromBytes(entry.data);
    return samples.every((sample) => sample === BOT_LEVEL) ? 'bot' : 'tone';
  });
}

function sentAudio(socket: RecordingSocket): Int16Array {
  const chunks = socket.binary().map((entry) => int16FromBytes(entry.data));
  const audio = new Int16Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    audio.set(chunk, offset);
    offset += chunk.length;
  }
  return audio;
}

describe('WebSocketOutputTransport DTMF without native support in the serializer', () => {
  it('plays the keys as in-band tones after the queued audio, paced like any audio', async () => {
    const { clock, socket, serializer, task } = setUp();
    await clock.advance(0);
    task.queueFrames([
      new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 2, BOT_LEVEL), 8000),
      new OutputDTMFFrame('1#'),
    ]);
    await advanceInSteps(clock, 600);
    const sends = socket.binary();
    expect(chunkKinds(socket)).toEqual(['bot', 'bot', ...Array(2 * CHUNKS_PER_KEY).fill('tone')]);
    expect(sends.map((entry) => entry.atMs)).toEqual([
      0, 0, 40, 80, 120, 160, 200, 240, 280, 320, 360, 400,
    ]);
    expect(decodeDtmfKeys(sentAudio(socket), 8000)).toBe('1#');
    expect((serializer as AudioOnlySerializer).serialized).not.toContain('OutputDTMFFrame');
    await task.cancel();
  });

  it('completes the partial chunk of bot audio before the keys', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrames([
      new OutputAudioRawFrame(tone(CHUNK_SAMPLES + 100, BOT_LEVEL), 8000),
      new OutputDTMFFrame('5'),
    ]);
    await advanceInSteps(clock, 400);
    const second = int16FromBytes(socket.binary()[1]!.data);
    expect(second.subarray(0, 100).every((sample) => sample === BOT_LEVEL)).toBe(true);
    expect(second.subarray(100).every((sample) => sample === 0)).toBe(true);
    expect(socket.binary()).toHaveLength(2 + CHUNKS_PER_KEY);
    await task.cancel();
  });

  it('passes the DTMF frame on once its tones are out, and never reports them as bot speech', async () => {
    const { clock, task, after, between } = setUp();
    await clock.advance(0);
    task.queueFrame(new OutputDTMFFrame('9'));
    await advanceInSteps(clock, 300);
    const types = after.types().filter((type) => type !== 'ClientConnectedFrame');
    expect(types.slice(-CHUNKS_PER_KEY - 1)).toEqual([
      ...Array(CHUNKS_PER_KEY).fill('OutputAudioRawFrame'),
      'OutputDTMFFrame',
    ]);
    expect(between.types('upstream').filter((type) => type.startsWith('Bot'))).toEqual([]);
    await task.cancel();
  });

  it('follows audioOutDtmfToneMs and audioOutDtmfGapMs', async () => {
    const { clock, socket, task } = setUp({ audioOutDtmfToneMs: 80, audioOutDtmfGapMs: 80 });
    await clock.advance(0);
    task.queueFrame(new OutputDTMFFrame('12'));
    await advanceInSteps(clock, 500);
    expect(socket.binary()).toHaveLength(8); // 2 × 160 ms = 320 ms
    expect(decodeDtmfKeys(sentAudio(socket), 8000)).toBe('12');
    await task.cancel();
  });

  it('refuses tone and gap durations shorter than receivers accept, naming them', () => {
    expect(() => resolveWebSocketTransportParams({ audioOutDtmfToneMs: 20 })).toThrow(
      /audioOutDtmfToneMs.*40.*20/,
    );
    expect(() => resolveWebSocketTransportParams({ audioOutDtmfGapMs: Number.NaN })).toThrow(
      /audioOutDtmfGapMs/,
    );
    expect(resolveWebSocketTransportParams().audioOutDtmfToneMs).toBe(100);
  });

  it('plays urgent keys next, ahead of the bot audio still queued', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrame(new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 8, BOT_LEVEL), 8000));
    await clock.advance(50); // chunks at 0, 0 and 40 are out
    task.queueFrame(new OutputDTMFUrgentFrame('7'));
    await advanceInSteps(clock, 800);
    expect(chunkKinds(socket)).toEqual([
      'bot',
      'bot',
      'bot',
      ...Array(CHUNKS_PER_KEY).fill('tone'),
      'bot',
      'bot',
      'bot',
      'bot',
      'bot',
    ]);
    expect(decodeDtmfKeys(sentAudio(socket), 8000)).toBe('7');
    await task.cancel();
  });

  it('drops queued tones on an interruption', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrame(new OutputDTMFFrame('123'));
    await clock.advance(50);
    const sentBefore = socket.binary().length;
    task.queueFrame(new InterruptionFrame());
    await advanceInSteps(clock, 800);
    expect(socket.binary()).toHaveLength(sentBefore);
    await task.cancel();
  });
});

describe('WebSocketOutputTransport DTMF with a serializer that sends it natively', () => {
  it("sends the serializer's DTMF message after the queued audio, and no tones", async () => {
    const { clock, socket, task } = setUp({ serializer: new RawAudioSerializer() });
    await clock.advance(0);
    task.queueFrames([
      new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 2, BOT_LEVEL), 8000),
      new OutputDTMFFrame('12'),
    ]);
    await advanceInSteps(clock, 400);
    const order = socket.sent.map((entry) =>
      typeof entry.data === 'string' ? entry.data : 'audio',
    );
    expect(order).toEqual(['audio', 'audio', '{"type":"dtmf","digits":"12"}']);
    await task.cancel();
  });

  it('sends urgent keys at once, ahead of queued audio', async () => {
    const { clock, socket, task } = setUp({ serializer: new RawAudioSerializer() });
    await clock.advance(0);
    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 4, BOT_LEVEL), 8000));
    await clock.advance(1);
    task.queueFrame(new OutputDTMFUrgentFrame('#'));
    await advanceInSteps(clock, 300);
    const order = socket.sent.map((entry) =>
      typeof entry.data === 'string' ? entry.data : 'audio',
    );
    expect(order).toEqual(['audio', 'audio', '{"type":"dtmf","digits":"#"}', 'audio', 'audio']);
    await task.cancel();
  });
});
