import type { Percentiles } from '../load/histogram.js';
import type { CallIds } from '../providers/provider-dialect.js';
import type { ProviderName } from '../providers/provider-name.js';
import type { HangUpSide, ProtocolError } from './call-events.js';

/** One stretch of bot speech as the caller heard it. */
export interface BotUtterance {
  /** Call time it started playing. */
  startMs: number;
  /** Call time it stopped (undefined while still playing when the summary was taken). */
  endMs: number | undefined;
  /** Why it stopped: played out, or cut by a clear. */
  endReason: 'drained' | 'cleared' | undefined;
}

/** One clear from the bot. */
export interface ClearRecord {
  /** Call time the clear arrived. */
  atMs: number;
  /** Buffered bot audio it dropped, in milliseconds. */
  discardedMs: number;
}

/** Everything measured on one simulated call. Times are call times in milliseconds. */
export interface CallSummary {
  /** Provider simulated. */
  provider: ProviderName;
  /** URL the call connected to. */
  url: string;
  /** The call's ids. */
  ids: CallIds;
  /** The webhook step, when the call was placed through it. */
  webhook:
    | {
        /** The webhook URL posted to. */
        url: string;
        /** HTTP status of the answer. */
        statusCode: number;
        /** The stream URL its markup named. */
        streamUrl: string;
        /** The custom parameters its markup gave the stream. */
        parameters: Record<string, string>;
      }
    | undefined;
  /** Codec of the stream. */
  codec: { name: string; sampleRate: number };
  /** True when run with `fast` (times are on the virtual timeline). */
  fast: boolean;
  /** Wall-clock start, ISO 8601. */
  startedAt: string;
  /** Call time when the call ended (or now, for a call still running). */
  durationMs: number;
  /** Call time of the bot's first audio; undefined when it sent none. */
  firstBotAudioMs: number | undefined;
  /** What the caller sent. */
  caller: {
    /** Media messages sent (audio and idle silence). */
    framesSent: number;
    /** Frames lost on the way and not sent (`loseCallerFrames`). */
    framesLost: number;
    /** Audio the caller was given to say (including explicit silence), in milliseconds sent. */
    audioSentMs: number;
    /** DTMF digits pressed, in order. */
    dtmfSent: string;
  };
  /** What the bot sent and what of it the caller heard. */
  bot: {
    /** Media messages (`media` / `playAudio`) accepted. */
    mediaMessages: number;
    /** Audio received, in milliseconds. */
    audioReceivedMs: number;
    /** Audio played to the caller, in milliseconds. */
    audioPlayedMs: number;
    /** Audio still buffered when the call ended, in milliseconds. */
    unplayedAtEndMs: number;
    /** Utterances as heard (at most the first 1,000). */
    utterances: BotUtterance[];
    /** DTMF digits the bot asked the provider to play (Plivo `sendDTMF`). */
    dtmfReceived: string;
  };
  /** Each clear, with the buffered audio it dropped. */
  clears: ClearRecord[];
  /** Marks (Twilio, Telnyx) or checkpoints (Plivo). */
  marks: {
    /** Received from the bot. */
    received: number;
    /** Answered after their audio played (or at once when nothing was buffered). */
    answeredAfterPlayout: number;
    /** Answered because a clear released them (Twilio, Telnyx). */
    answeredOnClear: number;
    /** Dropped unanswered by a clear (Plivo). */
    droppedOnClear: number;
    /** Still waiting when the call ended. */
    pending: number;
  };
  /** Times the bot's audio ran dry in the middle of an utterance (late messages). */
  underruns: { count: number; totalMs: number };
  /** Messages the provider would reject or warn about (at most the first 100 are kept). */
  protocolErrors: ProtocolError[];
  /** Total protocol errors, including those not kept. */
  protocolErrorCount: number;
  /** How the socket closed; undefined while open. */
  close: { code: number; reason: string } | undefined;
  /** Who ended the call; undefined while open. */
  hungUpBy: HangUpSide | undefined;
  /** The simulator's own lateness sending caller frames (real-time mode only). */
  sendLatenessMs: Percentiles | undefined;
  /** The recording of what the caller heard, when recorded. */
  recording: { sampleRate: number; durationMs: number; truncated: boolean } | undefined;
}
