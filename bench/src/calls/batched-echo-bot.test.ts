import {
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  InterruptionFrame,
  OutputAudioRawFrame,
  Pipeline,
  PipelineTask,
  SpeechOutputAudioRawFrame,
  VADUserStartedSpeakingFrame,
} from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { BatchedEchoBot } from './batched-echo-bot.js';

const RATE = 8000;
const FRAME_SAMPLES = 160;

/** Keeps the bot's audio, and where interruptions came between it. */
class AudioSink extends FrameProcessor {
  readonly received: OutputAudioRawFrame[] = [];
  readonly events: string[] = [];
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (OutputAudioRawFrame.is(frame)) {
      this.received.push(frame);
      this.events.push(`audio ${frame.audio[0]}`);
    } else {
      if (InterruptionFrame.is(frame)) this.events.push('interruption');
      this.pushFrame(frame, direction);
    }
  }
}

/** Runs `frames` caller frames (frame k filled with k) through the bot; returns what came out. */
async function echo(
  batchMs: number,
  frames: number,
  headroomBatches?: number,
  interruptAfterFrame?: number,
) {
  let heard = 0;
  let speechStarts = 0;
  const bot = new BatchedEchoBot({
    batchMs,
    headroomBatches,
    onCallerAudio: () => heard++,
    onCallerSpeechStarted: () => speechStarts++,
  });
  const sink = new AudioSink();
  const task = new PipelineTask(new Pipeline([bot, sink]), {
    clock: new ManualClock(),
    allowInterruptions: true,
  });
  for (let index = 0; index < frames; index++) {
    task.queueFrame(new InputAudioRawFrame(new Int16Array(FRAME_SAMPLES).fill(index), RATE));
    if (index === interruptAfterFrame) {
      task.queueFrame(new VADUserStartedSpeakingFrame(0.2));
      task.queueFrame(new InterruptionFrame());
    }
  }
  task.stopWhenDone();
  await task.run();
  return { heard, speechStarts, out: sink.received, events: sink.events };
}

describe('BatchedEchoBot', () => {
  it('sends each caller frame straight back as bot speech with no batching', async () => {
    const { heard, out } = await echo(0, 3);
    expect(heard).toBe(3);
    expect(out.map((frame) => frame.audio[0])).toEqual([0, 1, 2]);
    expect(out.every((frame) => SpeechOutputAudioRawFrame.is(frame))).toBe(true);
  });

  it('holds one batch of headroom, then sends whole batches in order', async () => {
    // 40 ms batches = 2 frames; 7 frames make 3 whole batches and a half
    const { out } = await echo(40, 7);
    expect(out).toHaveLength(3);
    expect(out.every((frame) => frame.audio.length === 2 * FRAME_SAMPLES)).toBe(true);
    expect(out.map((frame) => [frame.audio[0], frame.audio[FRAME_SAMPLES]])).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('sends nothing until the headroom is filled', async () => {
    const { out } = await echo(40, 3, 1);
    expect(out).toHaveLength(0);
  });

  it('answers an interruption after passing it on, with its latest batches again', async () => {
    // 40 ms batches: frames 0–5 make batches [0,1] [2,3] [4,5]; one batch of headroom keeps two
    const { events } = await echo(40, 6, 1, 5);
    expect(events).toEqual(['audio 0', 'audio 2', 'audio 4', 'interruption', 'audio 2', 'audio 4']);
  });

  it('reports the VAD speech starts that reach it', async () => {
    const { speechStarts } = await echo(40, 4, 1, 1);
    expect(speechStarts).toBe(1);
  });
});
