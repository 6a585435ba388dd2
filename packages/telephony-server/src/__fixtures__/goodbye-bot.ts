import {
  EndTaskFrame,
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  OutputAudioRawFrame,
} from '@x/transport-core';
import type { BotSession } from '../telephony-call.js';

/** Samples of the goodbye (100 ms at 8 kHz). */
const GOODBYE_SAMPLES = 800;

/**
 * Echoes the caller and, when the server ends the call, says a short goodbye and asks the task
 * to end (`EndTaskFrame`), as a real bot would. With `ignoreEnd` it never ends (a bot bug).
 */
export class GoodbyeBot extends FrameProcessor {
  readonly goodbyes: string[] = [];

  constructor(readonly ignoreEnd = false) {
    super();
  }

  /** The bot's session: this processor, and its way of ending. */
  session(): BotSession {
    return { processors: [this], end: (reason) => this.sayGoodbye(reason) };
  }

  sayGoodbye(reason: string): void {
    this.goodbyes.push(reason);
    if (this.ignoreEnd) return;
    this.pushFrame(new OutputAudioRawFrame(new Int16Array(GOODBYE_SAMPLES), 8000), 'downstream');
    this.pushFrame(new EndTaskFrame(reason), 'upstream');
  }

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (InputAudioRawFrame.is(frame)) {
      this.pushFrame(new OutputAudioRawFrame(frame.audio, frame.sampleRate), 'downstream');
      return;
    }
    this.pushFrame(frame, direction);
  }
}
