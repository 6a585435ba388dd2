import {
  EndTaskFrame,
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputDTMFFrame,
} from '@x/transport-core';

/** Ends the call the normal way (`EndTaskFrame`: goodbye-less end, hang-up, close) on `#`. */
export class HangUpOnHash extends FrameProcessor {
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (InputDTMFFrame.is(frame) && frame.button === '#') {
      this.pushFrame(new EndTaskFrame('caller pressed #'), 'upstream');
      return;
    }
    this.pushFrame(frame, direction);
  }
}
