import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesFromInt16, parseWav } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
import type { InputAudioRawFrame } from '../frames/audio-frames.js';
import { UserInputMuteFrame } from '../frames/user-input-frames.js';
import { EnergyVADAnalyzer } from '../vad/energy-vad-analyzer.js';
import { FrameRecorder, RecordingSocket, runPipeline, tone } from './__fixtures__/harness.js';
import {
  TimestampedAudioSerializer,
  timestampedAudio,
} from './__fixtures__/timestamped-audio-serializer.js';
import { RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketTransport } from './websocket-transport.js';
import type { WebSocketTransportParams } from './websocket-transport-params.js';

const FRAME_MS = 20;
const FRAME_SAMPLES = 160; // 20 ms at 8 kHz
const SAMPLE_RATE = 8000;

/** Two phrases: speech from 0.8 to 1.55 s and from 2.55 to 4.54 s. */
const speech = parseWav(
  readFileSync(new URL('../vad/__fixtures__/speech-8k.wav', import.meta.url)),
).audio;

function setUp(params: WebSocketTransportParams = {}) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const transport = new WebSocketTransport(socket, {
    serializer: new TimestampedAudioSerializer(),
    audioOutEndSilenceSecs: 0,
    ...params,
  });
  const recorder = new FrameRecorder();
  const run = runPipeline([transport.input(), recorder, transport.output()], { clock });
  return { socket, transport, recorder, ...run };
}

/**
 * Streams `audio` as a phone does, one 20 ms message per 20 ms with its timestamp, except the
 * frames `lost` says were lost on the way (their time passes, nothing arrives).
 */
async function stream(
  { socket, clock }: { socket: RecordingSocket; clock: ManualClock },
  audio: Int16Array,
  lost: (frameIndex: number) => boolean = () => false,
  firstFrame = 0,
): Promise<void> {
  for (let offset = 0; offset < audio.length; offset += FRAME_SAMPLES) {
    const frameIndex = firstFrame + offset / FRAME_SAMPLES;
    if (!lost(frameIndex)) {
      socket.receive(
        timestampedAudio(frameIndex * FRAME_MS, audio.slice(offset, offset + FRAME_SAMPLES)),
      );
    }
    await clock.advance(FRAME_MS);
  }
}

function heard(recorder: FrameRecorder): Int16Array[] {
  return recorder.ofType('InputAudioRawFrame').map((frame) => (frame as InputAudioRawFrame).audio);
}

/** Frame `index` of a test stream: all samples equal to `index + 1`, so each is recognisable. */
function numberedFrames(count: number): Int16Array {
  const audio = new Int16Array(count * FRAME_SAMPLES);
  for (let index = 0; index < count; index++) {
    audio.fill(index + 1, index * FRAME_SAMPLES, (index + 1) * FRAME_SAMPLES);
  }
  return audio;
}

describe('caller audio gaps (fillCallerAudioGaps)', () => {
  it('puts 20 ms of silence where a message was lost, so later audio keeps its place', async () => {
    const run = setUp();
    await run.clock.advance(0);
    await stream(run, numberedFrames(20), (index) => index === 10);
    const frames = heard(run.recorder);
    expect(frames.map((audio) => audio.length)).toEqual(new Array(20).fill(FRAME_SAMPLES));
    expect(frames.map((audio) => audio[0])).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    ]);
    expect(frames[10]!.every((sample) => sample === 0)).toBe(true);
    expect(run.transport.stats).toMatchObject({
      callerAudioGapsFilled: 1,
      callerSilenceInsertedMs: 20,
    });
  });

  it('puts one silence as long as several lost messages', async () => {
    const run = setUp();
    await run.clock.advance(0);
    await stream(run, numberedFrames(20), (index) => index >= 5 && index < 9);
    const frames = heard(run.recorder);
    expect(frames.map((audio) => audio.length)).toEqual([
      ...new Array(5).fill(FRAME_SAMPLES),
      4 * FRAME_SAMPLES,
      ...new Array(11).fill(FRAME_SAMPLES),
    ]);
    expect(run.transport.stats.callerSilenceInsertedMs).toBe(80);
  });

  it('with fillCallerAudioGaps false, the audio closes up over a lost message', async () => {
    const run = setUp({ fillCallerAudioGaps: false });
    await run.clock.advance(0);
    await stream(run, numberedFrames(20), (index) => index === 10);
    const frames = heard(run.recorder);
    expect(frames).toHaveLength(19);
    expect(frames.map((audio) => audio[0])).not.toContain(0);
    expect(run.transport.stats.callerAudioGapsFilled).toBe(0);
  });

  it('fills no more than maxCallerAudioGapMs for one gap', async () => {
    const run = setUp({ maxCallerAudioGapMs: 100 });
    await run.clock.advance(0);
    await stream(run, numberedFrames(40), (index) => index >= 10 && index < 30);
    expect(run.transport.stats.callerSilenceInsertedMs).toBe(100);
  });

  it('lets the VAD hear a lost half second as the pause it was: the caller turn ends there', async () => {
    const lostMidPhrase = (index: number) => index >= 150 && index < 175; // 3.0–3.5 s
    const turns = async (params: WebSocketTransportParams) => {
      const run = setUp({ vadAnalyzer: new EnergyVADAnalyzer(), ...params });
      await run.clock.advance(0);
      await stream(run, speech, lostMidPhrase);
      await stream(run, new Int16Array(SAMPLE_RATE), () => false, speech.length / FRAME_SAMPLES);
      return run.recorder.ofType('UserStoppedSpeakingFrame').length;
    };
    // the first phrase, the pause the loss left in the second, and its end
    expect(await turns({})).toBe(3);
    // closed up, the second phrase runs on through the loss
    expect(await turns({ fillCallerAudioGaps: false })).toBe(2);
  });

  it('follows the timeline while the caller is muted, so unmuting is not a gap', async () => {
    const run = setUp();
    await run.clock.advance(0);
    await stream(run, numberedFrames(10));
    run.task.queueFrame(new UserInputMuteFrame(true));
    await run.clock.advance(0);
    await stream(run, tone(20 * FRAME_SAMPLES, 7), () => false, 10);
    run.task.queueFrame(new UserInputMuteFrame(false));
    await run.clock.advance(0);
    await stream(run, tone(10 * FRAME_SAMPLES, 9), () => false, 30);
    const frames = heard(run.recorder);
    expect(frames).toHaveLength(20);
    expect(frames.every((audio) => audio.length === FRAME_SAMPLES)).toBe(true);
    expect(run.transport.stats.callerAudioGapsFilled).toBe(0);
  });

  it('inserts nothing for audio without timestamps or chunk numbers', async () => {
    const run = setUp({ serializer: new RawAudioSerializer() });
    await run.clock.advance(0);
    const audio = numberedFrames(20);
    for (let index = 0; index < 20; index++) {
      if (index !== 10) {
        run.socket.receive(
          bytesFromInt16(audio.slice(index * FRAME_SAMPLES, (index + 1) * FRAME_SAMPLES)),
        );
      }
      await run.clock.advance(FRAME_MS);
    }
    expect(heard(run.recorder)).toHaveLength(19);
    expect(run.transport.stats.callerAudioGapsFilled).toBe(0);
  });
});
