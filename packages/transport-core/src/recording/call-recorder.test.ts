import { describe, expect, it } from 'vitest';
import { bytesFromInt16 } from '../audio/pcm-bytes.js';
import { parseWav } from '../audio/wav.js';
import { ManualClock } from '../clock/index.js';
import { TTSAudioRawFrame } from '../frames/audio-frames.js';
import { EndFrame, InterruptionFrame } from '../frames/lifecycle-frames.js';
import { RecordingSocket, runPipeline, tone } from '../transport/__fixtures__/harness.js';
import { RawAudioSerializer } from '../transport/raw-audio-serializer.js';
import { WebSocketTransport } from '../transport/websocket-transport.js';
import { CallRecorder } from './call-recorder.js';

const SAMPLE_RATE = 8000;
const FRAMES_PER_MS = SAMPLE_RATE / 1000;
const CALLER_LEVEL = 1000;
const BOT_LEVEL = 2000;

/** A call on a manual clock: transport input and output, then the recorder, into memory. */
function startCall() {
  const parts: Uint8Array[] = [];
  const recorder = new CallRecorder({ sink: (bytes) => parts.push(bytes.slice()) });
  const socket = new RecordingSocket(new ManualClock());
  const transport = new WebSocketTransport(socket, {
    serializer: new RawAudioSerializer(),
    audioOutEndSilenceSecs: 0,
  });
  const run = runPipeline([transport.input(), transport.output(), recorder], {
    clock: socket.clock as ManualClock,
  });
  return { parts, recorder, socket, ...run };
}

async function advanceInSteps(clock: ManualClock, totalMs: number, stepMs = 5): Promise<void> {
  for (let elapsed = 0; elapsed < totalMs; elapsed += stepMs) await clock.advance(stepMs);
}

/** The caller's and the bot's channels of the recorded bytes. */
function channels(parts: Uint8Array[]): { caller: Int16Array; bot: Int16Array } {
  const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  const { audio } = parseWav(bytes);
  const caller = new Int16Array(audio.length / 2);
  const bot = new Int16Array(audio.length / 2);
  for (let frame = 0; frame < caller.length; frame++) {
    caller[frame] = audio[frame * 2]!;
    bot[frame] = audio[frame * 2 + 1]!;
  }
  return { caller, bot };
}

/** The time spans (in ms) where `track` is not silent. */
function soundSpans(track: Int16Array): [number, number][] {
  const spans: [number, number][] = [];
  let start: number | undefined;
  for (let frame = 0; frame <= track.length; frame++) {
    const sounding = frame < track.length && track[frame] !== 0;
    if (sounding && start === undefined) start = frame;
    if (!sounding && start !== undefined) {
      spans.push([start / FRAMES_PER_MS, frame / FRAMES_PER_MS]);
      start = undefined;
    }
  }
  return spans;
}

describe('CallRecorder after transport.output()', () => {
  it('records what the caller said and what the bot played, on the call timeline', async () => {
    const { parts, socket, clock, task, running } = startCall();
    await clock.advance(0);
    await advanceInSteps(clock, 200);
    socket.receive(bytesFromInt16(tone(100 * FRAMES_PER_MS, CALLER_LEVEL)));
    await advanceInSteps(clock, 100);
    task.queueFrames([new TTSAudioRawFrame(tone(200 * FRAMES_PER_MS, BOT_LEVEL), SAMPLE_RATE)]);
    await advanceInSteps(clock, 500);
    task.queueFrame(new EndFrame());
    await advanceInSteps(clock, 100);
    await running;
    const { caller, bot } = channels(parts);
    expect(soundSpans(caller)).toEqual([[100, 200]]);
    expect(soundSpans(bot)).toEqual([[300, 500]]);
  });

  it('leaves out the bot audio the provider discarded at an interruption', async () => {
    const { parts, socket, clock, task, running } = startCall();
    await clock.advance(0);
    task.queueFrames([new TTSAudioRawFrame(tone(1000 * FRAMES_PER_MS, BOT_LEVEL), SAMPLE_RATE)]);
    await advanceInSteps(clock, 300);
    const sentAheadMs = socket.binary().length * 40 - 300;
    expect(sentAheadMs).toBeGreaterThan(0); // audio past the interruption reached the provider
    task.queueFrame(new InterruptionFrame());
    await advanceInSteps(clock, 200);
    task.queueFrame(new EndFrame());
    await advanceInSteps(clock, 100);
    await running;
    expect(soundSpans(channels(parts).bot)).toEqual([[0, 300]]);
  });

  it('finishes the recording when the call is cancelled', async () => {
    const { parts, recorder, clock, task } = startCall();
    await clock.advance(0);
    await advanceInSteps(clock, 100);
    await task.cancel();
    expect(recorder.recording.finished).toBe(true);
    expect(channels(parts).caller.length).toBe(100 * FRAMES_PER_MS);
  });
});
