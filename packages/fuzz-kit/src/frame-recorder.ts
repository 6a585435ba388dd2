/** A pipeline processor that keeps the frames reaching it, for checks on what a call received. */
import {
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
} from '@x/transport-core';

/** Keeps the frames that reach it going downstream, and passes everything on. */
export class FrameRecorder extends FrameProcessor {
  readonly frames: Frame[] = [];

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (direction === 'downstream') this.frames.push(frame);
    this.pushFrame(frame, direction);
  }

  /** The caller audio received so far. */
  audio(): InputAudioRawFrame[] {
    return this.frames.filter((frame) => InputAudioRawFrame.is(frame));
  }
}
