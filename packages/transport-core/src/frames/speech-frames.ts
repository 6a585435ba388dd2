import { ControlFrame, SystemFrame } from './frame.js';

/** A TTS utterance begins; bot audio for it follows. */
export class TTSStartedFrame extends ControlFrame {
  static override readonly type: string = 'TTSStartedFrame';
  constructor(readonly contextId?: string) {
    super();
  }
}

/** A TTS utterance ended: the output flushes its partial chunk and the bot stops speaking. */
export class TTSStoppedFrame extends ControlFrame {
  static override readonly type: string = 'TTSStoppedFrame';
  constructor(readonly contextId?: string) {
    super();
  }
}

/** The output transport started sending bot speech. */
export class BotStartedSpeakingFrame extends SystemFrame {
  static override readonly type: string = 'BotStartedSpeakingFrame';
}

/** The output transport finished sending bot speech (end of utterance, interruption or silence). */
export class BotStoppedSpeakingFrame extends SystemFrame {
  static override readonly type: string = 'BotStoppedSpeakingFrame';
}

/** Sent periodically while the bot speaks. */
export class BotSpeakingFrame extends SystemFrame {
  static override readonly type: string = 'BotSpeakingFrame';
}

/** The caller's turn started. */
export class UserStartedSpeakingFrame extends SystemFrame {
  static override readonly type: string = 'UserStartedSpeakingFrame';
}

/** The caller's turn ended. */
export class UserStoppedSpeakingFrame extends SystemFrame {
  static override readonly type: string = 'UserStoppedSpeakingFrame';
}

/** Sent while the caller speaks. */
export class UserSpeakingFrame extends SystemFrame {
  static override readonly type: string = 'UserSpeakingFrame';
}

/**
 * Neither the caller nor the bot has spoken for the `UserIdleProcessor`'s timeout: time for an
 * "are you still there?". `retryCount` counts the timeouts since the caller last spoke (1 for the
 * first).
 */
export class UserIdleFrame extends SystemFrame {
  static override readonly type: string = 'UserIdleFrame';
  constructor(readonly retryCount: number) {
    super();
  }
}

/** Voice activity detection saw speech begin (after `startSecs` of speech). */
export class VADUserStartedSpeakingFrame extends SystemFrame {
  static override readonly type: string = 'VADUserStartedSpeakingFrame';
  /** Wall-clock time of the detection, in milliseconds since the epoch. */
  readonly timestamp: number;
  constructor(
    readonly startSecs = 0,
    timestamp = Date.now(),
  ) {
    super();
    this.timestamp = timestamp;
  }
}

/** Voice activity detection saw speech end (after `stopSecs` of quiet). */
export class VADUserStoppedSpeakingFrame extends SystemFrame {
  static override readonly type: string = 'VADUserStoppedSpeakingFrame';
  /** Wall-clock time of the detection, in milliseconds since the epoch. */
  readonly timestamp: number;
  constructor(
    readonly stopSecs = 0,
    timestamp = Date.now(),
  ) {
    super();
    this.timestamp = timestamp;
  }
}
