import { DataFrame, SystemFrame } from './frame.js';

/**
 * The provider's media stream started (Twilio/Telnyx/Plivo `start`). Carries what the
 * provider said about the call; serializers emit it when they see `start`.
 */
export class StreamStartedFrame extends SystemFrame {
  static override readonly type: string = 'StreamStartedFrame';
  constructor(
    /** Provider name, e.g. `twilio`. */
    readonly provider: string,
    /** Provider stream id (Twilio `streamSid`, Telnyx `stream_id`, Plivo `streamId`). */
    readonly streamId: string,
    /** Provider call id (Twilio `callSid`, Telnyx `call_control_id`, Plivo `callId`). */
    readonly callId: string,
    /** Custom parameters passed from the webhook markup. */
    readonly customParameters: Readonly<Record<string, string>> = {},
  ) {
    super();
  }
}

/**
 * The provider stopped the media stream (`stop`): the call is ending on the provider's side.
 * The transport then makes no hang-up request and ends the pipeline when the socket closes.
 */
export class StreamStoppedFrame extends SystemFrame {
  static override readonly type: string = 'StreamStoppedFrame';
  constructor(readonly reason?: string) {
    super();
  }
}

/**
 * A named playback marker (Twilio/Telnyx `mark`, Plivo `checkpoint`). Push it downstream after
 * bot audio: the output sends it after that audio, and the provider answers with a
 * `PlaybackMarkPlayedFrame` when the caller has heard everything before it.
 */
export class PlaybackMarkFrame extends DataFrame {
  static override readonly type: string = 'PlaybackMarkFrame';
  constructor(readonly markName: string) {
    super();
  }
}

/**
 * The provider reports a playback marker reached. `cleared` is true when the marker came back
 * because the audio before it was cleared (interruption), not because it was played.
 */
export class PlaybackMarkPlayedFrame extends SystemFrame {
  static override readonly type: string = 'PlaybackMarkPlayedFrame';
  constructor(
    readonly markName: string,
    readonly cleared = false,
  ) {
    super();
  }
}

/** The provider confirms that buffered bot audio was discarded (Plivo `clearedAudio`). */
export class PlaybackClearedFrame extends SystemFrame {
  static override readonly type: string = 'PlaybackClearedFrame';
}

/** The provider reported an error on the media stream (e.g. Telnyx `error`, Plivo `playFailed`). */
export class ProviderErrorFrame extends SystemFrame {
  static override readonly type: string = 'ProviderErrorFrame';
  constructor(
    readonly provider: string,
    readonly message: string,
    readonly code?: string,
  ) {
    super();
  }
}
