import type { VADAnalyzer } from '../vad/vad-analyzer.js';
import type { InterruptionPolicy } from './interruption-policy.js';

/** Audio and VAD settings shared by every transport (Pipecat's `TransportParams`). */
export interface TransportParams {
  /** Pass caller audio into the pipeline (and to the VAD). Default true. */
  audioInEnabled?: boolean;
  /**
   * Rate of caller audio inside the pipeline, in Hz; the serializer resamples inbound audio to it.
   * Default: the pipeline's `audioInSampleRate` (from the `StartFrame`).
   */
  audioInSampleRate?: number;
  /**
   * Channels of caller audio (telephony is mono). Frames pass on as the serializer made them; the
   * VAD mixes stereo down. Default 1.
   */
  audioInChannels?: number;
  /** Push caller audio frames downstream (false: only the VAD sees them). Default true. */
  audioInPassthrough?: boolean;
  /** Send bot audio to the client. Default true. */
  audioOutEnabled?: boolean;
  /**
   * Rate bot audio is sent at, in Hz: bot audio of any rate is resampled to it and handed to the
   * serializer at this rate. Default: the pipeline's `audioOutSampleRate` (from the `StartFrame`).
   */
  audioOutSampleRate?: number;
  /** Channels of bot audio sent (mono frames are duplicated, stereo ones mixed down). Default 1. */
  audioOutChannels?: number;
  /** Bot audio is sent in chunks of this many 10 ms (4 = 40 ms). Default 4. */
  audioOut10msChunks?: number;
  /**
   * Seconds of silence sent after the last bot audio when the pipeline ends (`EndFrame`), so the
   * provider plays everything before the call is hung up; 0 disables it. Default 2.
   */
  audioOutEndSilenceSecs?: number;
  /**
   * Voice activity detector run on caller audio by the input processor; it drives the user
   * speaking frames and interruptions. One analyzer per call: it keeps state. Default none.
   */
  vadAnalyzer?: VADAnalyzer;
  /**
   * When confirmed caller speech interrupts the bot (an `InterruptionFrame` both ways):
   * `'on-user-speech'` at every caller turn, also while a reply is still being generated (Pipecat's
   * behaviour; what a bot with an LLM needs), `'while-bot-heard'` only while the bot's audio plays,
   * `'never'`. The pipeline's `allowInterruptions: false` still turns every interruption off.
   * Default `'while-bot-heard'`.
   */
  interruptions?: InterruptionPolicy;
  /**
   * Seconds the caller must have spoken before their speech interrupts the bot, counted from the
   * start of their speech (the VAD's `startSecs` counts toward it, pauses do not); a caller who
   * stops sooner (a cough, an "uh-huh") does not interrupt. Default 0: at the VAD's confirmed start.
   */
  minInterruptionSpeechSecs?: number;
  /**
   * Start with the caller's input muted and unmute it when the bot first stops speaking (its
   * first `BotStoppedSpeakingFrame`), so the caller can neither interrupt nor be heard during the
   * greeting. For bots that speak first. Default false.
   */
  muteUserInputUntilFirstBotTurnEnds?: boolean;
}

/** Defaults of `TransportParams` (sample rates default to the pipeline's). */
export const DEFAULT_TRANSPORT_PARAMS = Object.freeze({
  audioInEnabled: true,
  audioInChannels: 1,
  audioInPassthrough: true,
  audioOutEnabled: true,
  audioOutChannels: 1,
  audioOut10msChunks: 4,
  audioOutEndSilenceSecs: 2,
  interruptions: 'while-bot-heard',
  minInterruptionSpeechSecs: 0,
  muteUserInputUntilFirstBotTurnEnds: false,
} as const satisfies TransportParams);
