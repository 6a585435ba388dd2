import {
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  Pipeline,
  PipelineTask,
  TTSAudioRawFrame,
} from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { BatchedEchoBot } from './batched-echo-bot.js';

const RATE = 8000;
const FRAME_SAMPLES = 160;

class AudioSink extends FrameProcessor {
  readonly received: TTSAudioRawFrame[] = [];
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (TTSAudioRawFrame.is(frame)) this.received.push(frame);
    else this.pushFrame(frame, direction);
  }
}

/** Runs `frames` caller frames (frame k filled with k) through the bot; returns what came out. */
async function echo(batchMs: number, frames: number, headroomBatches?: number) {
  let heard = 0;
  const bot = new BatchedEchoBot({ batchMs, headroomBatches, onCallerAudio: () => heard++ });
  const sink = new AudioSink();
  const task = new PipelineTask(new Pipeline([bot, sink]), { clock: new ManualClock() });
  for (let index = 0; index < frames; index++) {
    task.queueFrame(new InputAudioRawFrame(new Int16Array(FRAME_SAMPLES).fill(index), RATE));
  }
  task.stopWhenDone();
  await task.run();
  return { heard, out: sink.received };
}

describe('BatchedEchoBot', () => {
  it('sends each caller frame straight back as TTS audio with no batching', async () => {
    const { heard, out } = await echo(0, 3);
    expect(heard).toBe(3);
    expect(out.map((frame) => frame.audio[0])).toEqual([0, 1, 2]);
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
});
