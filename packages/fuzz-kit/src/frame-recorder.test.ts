import { InputAudioRawFrame, InputDTMFFrame, Pipeline, PipelineTask } from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { FrameRecorder } from './frame-recorder.js';

describe('FrameRecorder', () => {
  it('keeps the frames going downstream, in order, and picks out the caller audio', async () => {
    const clock = new ManualClock();
    const recorder = new FrameRecorder();
    const task = new PipelineTask(new Pipeline([recorder]), { clock });
    const running = task.run();
    await clock.advance(0);
    const audio = new InputAudioRawFrame(Int16Array.of(1, 2), 8000);
    task.queueFrames([new InputDTMFFrame('7'), audio]);
    await clock.advance(0);
    await task.cancel('done');
    await running;
    const types = recorder.frames.map((frame) => frame.type);
    expect(types.indexOf('InputDTMFFrame')).toBeLessThan(types.indexOf('InputAudioRawFrame'));
    expect(recorder.audio()).toEqual([audio]);
  });
});
