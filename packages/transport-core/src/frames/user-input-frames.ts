import type { VADParams } from '../vad/vad-params.js';
import { SystemFrame } from './frame.js';

/**
 * Changes the VAD's thresholds mid-call (Pipecat's `VADParamsUpdateFrame`), e.g. a longer
 * `stopSecs` while the caller reads out a card number. Push it upstream from a processor, or queue
 * it with `task.queueFrame`: the input transport hands `params` to its `vadAnalyzer`'s
 * `setParams`, which keeps the VAD's state (a caller mid-sentence stays speaking). A system
 * frame here (a control frame in Pipecat), so it applies at once, ahead of queued data.
 */
export class VADParamsUpdateFrame extends SystemFrame {
  static override readonly type: string = 'VADParamsUpdateFrame';
  /** The thresholds to change; the others keep their current values. */
  readonly params: Readonly<Partial<VADParams>>;
  constructor(params: Partial<VADParams>) {
    super();
    this.params = Object.freeze({ ...params });
  }
}

/**
 * Mutes (`muted: true`) or unmutes the caller's input. Push it upstream from a processor, or
 * queue it with `task.queueFrame`. While muted, the input transport passes no caller audio on,
 * runs no VAD and raises no user speaking frames or interruptions; DTMF and the other inbound
 * frames still pass. Muting while the caller speaks reports their speech stopped at once.
 */
export class UserInputMuteFrame extends SystemFrame {
  static override readonly type: string = 'UserInputMuteFrame';
  constructor(readonly muted: boolean) {
    super();
  }
}

/**
 * Turns the transport's `audioInFilter` off (`enabled: false`: caller audio passes as it came)
 * or back on (Pipecat's `FilterEnableFrame`). Push it upstream from a processor, or queue it with
 * `task.queueFrame`; it applies at once, from the next caller frame. Turning the filter back on
 * resets it first, so it starts from the audio that follows.
 */
export class FilterEnableFrame extends SystemFrame {
  static override readonly type: string = 'FilterEnableFrame';
  /** True filters the caller audio (again); false passes it as it came. */
  readonly enabled: boolean;
  constructor(enabled: boolean) {
    super();
    this.enabled = enabled;
  }
}

/**
 * The caller's input was just muted (Pipecat's `UserMuteStartedFrame`): pushed downstream by the
 * input transport when a `UserInputMuteFrame` or `muteUserInputUntilFirstBotTurnEnds` mutes it, so
 * processors after it (an STT service, a UI) know caller audio stops on purpose.
 */
export class UserMuteStartedFrame extends SystemFrame {
  static override readonly type: string = 'UserMuteStartedFrame';
}

/** The caller's input was just unmuted (Pipecat's `UserMuteStoppedFrame`); see `UserMuteStartedFrame`. */
export class UserMuteStoppedFrame extends SystemFrame {
  static override readonly type: string = 'UserMuteStoppedFrame';
}
