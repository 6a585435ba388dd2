import { describe, expect, it } from 'vitest';
import type { AudioOutMixer } from '../audio/audio-out-mixer.js';
import { int16FromBytes } from '../audio/index.js';
import { LoopedSoundMixer } from '../audio/looped-sound-mixer.js';
import { ManualClock } from '../clock/index.js';
import { OutputAudioRawFrame, TTSAudioRawFrame } from '../frames/audio-frames.js';
import { EndFrame, InterruptionFrame } from '../frames/lifecycle-frames.js';
import { MixerControlFrame } from '../frames/mixer-frames.js';
import { TTSStoppedFrame } from '../frames/speech-frames.js';
import { RecordingSocket, runPipeline, tone } from './__fixtures__/harness.js';
import { RAW_AUDIO_INTERRUPTION_MESSAGE, RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketTransport } from './websocket-transport.js';
import type { WebSocketTransportParams } from './websocket-transport-params.js';

/** 8 kHz mono: a 40 ms chunk is 320 samples. */
const CHUNK_SAMPLES = 320;
const CHUNK_MS = 40;
/** The background: a constant level, so each chunk tells what it carries. */
const BACKGROUND_LEVEL = 500;
const BOT_LEVEL = 1000;

function backgroundMixer(options: { volume?: number; enabled?: boolean } = {}): LoopedSoundMixer {
  return new LoopedSoundMixer({
    sound: { audio: tone(800, BACKGROUND_LEVEL), sampleRate: 8000, numChannels: 1 },
    volume: 1,
    ...options,
  });
}

function setUp(params: WebSocketTransportParams = {}) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const transport = new WebSocketTransport(socket, {
    serializer: new RawAudioSerializer(),
    audioOutEndSilenceSecs: 0,
    audioOutMixer: backgroundMixer(),
    ...params,
  });
  const run = runPipeline([transport.input(), transport.output()], { clock });
  return { socket, transport, ...run };
}

async function advanceInSteps(clock: ManualClock, totalMs: number, stepMs = 5): Promise<void> {
  for (let elapsed = 0; elapsed < totalMs; elapsed += stepMs) await clock.advance(stepMs);
}

/** Every message sent from `from` on: the level of a constant chunk, or the text. */
function levels(socket: RecordingSocket, from = 0): (number | string)[] {
  return socket.sent.slice(from).map((entry) => {
    if (typeof entry.data === 'string') return entry.data;
    const samples = int16FromBytes(entry.data);
    return samples.every((sample) => sample === samples[0]) ? samples[0]! : 'mixed levels';
  });
}

describe('WebSocketOutputTransport with an audioOutMixer', () => {
  it('plays the background alone while the bot is silent, one chunk per chunk duration', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    await advanceInSteps(clock, 10 * CHUNK_MS);
    const sends = socket.binary();
    // the first chunk and one chunk of lead at once, then one every 40 ms
    expect(sends.map((entry) => entry.atMs)).toEqual([
      0, 0, 40, 80, 120, 160, 200, 240, 280, 320, 360, 400,
    ]);
    expect(sends.every((entry) => entry.data.byteLength === CHUNK_SAMPLES * 2)).toBe(true);
    expect(new Set(levels(socket))).toEqual(new Set([BACKGROUND_LEVEL]));
    expect(clock.pendingTimers).toBe(1);
    await task.cancel();
    expect(clock.pendingTimers).toBe(0);
  });

  it("mixes the background under the bot's voice, then plays it alone again", async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrames([
      new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 3, BOT_LEVEL), 8000),
      new TTSStoppedFrame(),
    ]);
    await advanceInSteps(clock, 300);
    // the background started with the call: its first chunk and the lead went out at once
    expect(levels(socket).slice(0, 8)).toEqual([
      BACKGROUND_LEVEL,
      BACKGROUND_LEVEL,
      BACKGROUND_LEVEL + BOT_LEVEL,
      BACKGROUND_LEVEL + BOT_LEVEL,
      BACKGROUND_LEVEL + BOT_LEVEL,
      BACKGROUND_LEVEL,
      BACKGROUND_LEVEL,
      BACKGROUND_LEVEL,
    ]);
    await task.cancel();
  });

  it('changes the volume at runtime, in order after the audio queued before the change', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrames([
      new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 2, BOT_LEVEL), 8000),
      new MixerControlFrame({ volume: 0.5 }),
    ]);
    await advanceInSteps(clock, 200);
    expect(levels(socket).slice(0, 6)).toEqual([
      BACKGROUND_LEVEL,
      BACKGROUND_LEVEL,
      BACKGROUND_LEVEL + BOT_LEVEL,
      BACKGROUND_LEVEL + BOT_LEVEL,
      BACKGROUND_LEVEL / 2,
      BACKGROUND_LEVEL / 2,
    ]);
    await task.cancel();
  });

  it('sends nothing but the bot after the background is disabled, and resumes it when enabled', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    task.queueFrame(new MixerControlFrame({ enabled: false }));
    await advanceInSteps(clock, 200);
    const sentWhileEnabled = socket.sent.length;
    expect(sentWhileEnabled).toBe(2); // the chunk and its lead, sent at start
    expect(clock.pendingTimers).toBe(0);

    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 2, BOT_LEVEL), 8000));
    await advanceInSteps(clock, 200);
    expect(levels(socket, sentWhileEnabled)).toEqual([BOT_LEVEL, BOT_LEVEL]);

    task.queueFrame(new MixerControlFrame({ enabled: true }));
    await advanceInSteps(clock, 100);
    expect(levels(socket, sentWhileEnabled + 2).slice(0, 3)).toEqual([
      BACKGROUND_LEVEL,
      BACKGROUND_LEVEL,
      BACKGROUND_LEVEL,
    ]);
    await task.cancel();
  });

  it('starts silent with a disabled mixer and holds no timer', async () => {
    const { clock, socket, task } = setUp({ audioOutMixer: backgroundMixer({ enabled: false }) });
    await advanceInSteps(clock, 200);
    expect(socket.binary()).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
    await task.cancel();
  });

  it('drops queued mixed audio on an interruption: after the clear only the background plays', async () => {
    const { clock, socket, task } = setUp();
    await clock.advance(0);
    await advanceInSteps(clock, 100);
    task.queueFrame(new TTSAudioRawFrame(tone(CHUNK_SAMPLES * 20, BOT_LEVEL), 8000));
    await advanceInSteps(clock, 100);
    const interruptedAt = socket.sent.length;
    expect(levels(socket)).toContain(BACKGROUND_LEVEL + BOT_LEVEL);
    task.queueFrame(new InterruptionFrame());
    await clock.advance(1);
    await advanceInSteps(clock, 200);
    const afterClear = levels(socket, interruptedAt);
    expect(afterClear[0]).toBe(RAW_AUDIO_INTERRUPTION_MESSAGE);
    expect(afterClear.slice(1).length).toBeGreaterThan(4);
    expect(new Set(afterClear.slice(1))).toEqual(new Set([BACKGROUND_LEVEL]));
    // the background restarts at once after the clear (a fresh pacing anchor)
    const afterClearSends = socket.sent.slice(interruptedAt);
    expect(afterClearSends[1]!.atMs).toBe(afterClearSends[0]!.atMs);
    await task.cancel();
  });

  it('stops the background at the end: the bot drains, the end silence is silent', async () => {
    const { clock, socket, task, running } = setUp({ audioOutEndSilenceSecs: 0.08 });
    await clock.advance(0);
    task.queueFrames([
      new OutputAudioRawFrame(tone(CHUNK_SAMPLES, BOT_LEVEL), 8000),
      new EndFrame(),
    ]);
    await advanceInSteps(clock, 400);
    await running;
    const sent = levels(socket);
    expect(sent.slice(-3)).toEqual([BACKGROUND_LEVEL + BOT_LEVEL, 0, 0]);
    expect(socket.closeCalls).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('calls the mixer only as chunks are released, never ahead of them', async () => {
    const calls: string[] = [];
    const counting: AudioOutMixer = {
      enabled: true,
      start: (rate, channels) => calls.push(`start ${rate} ${channels}`),
      mix: () => calls.push('mix'),
      next: (samples) => {
        calls.push('next');
        return new Int16Array(samples);
      },
      update: () => {},
    };
    const { clock, task } = setUp({ audioOutMixer: counting });
    await clock.advance(0);
    task.queueFrame(new OutputAudioRawFrame(tone(CHUNK_SAMPLES * 10, BOT_LEVEL), 8000));
    await clock.advance(1);
    // start, two chunks of background at once, then the bot audio waits for its turn
    expect(calls).toEqual(['start 8000 1', 'next', 'next']);
    await clock.advance(CHUNK_MS);
    expect(calls.slice(3)).toEqual(['mix']);
    await task.cancel();
  });

  it('refuses a MixerControlFrame with a bad volume', () => {
    expect(() => new MixerControlFrame({ volume: -0.1 })).toThrow(/volume.*-0\.1/);
    expect(new MixerControlFrame({ enabled: true }).uninterruptible).toBe(true);
  });
});
