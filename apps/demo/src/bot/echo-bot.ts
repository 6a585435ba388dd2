import {
  BotStartedSpeakingFrame,
  BotStoppedSpeakingFrame,
  CancelTaskFrame,
  EndTaskFrame,
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  InputDTMFFrame,
  InterruptionFrame,
  type OutputAudioRawFrame,
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  SpeechOutputAudioRawFrame,
  StartFrame,
  StreamStoppedFrame,
  TTSAudioRawFrame,
  TTSStartedFrame,
  TTSStoppedFrame,
  UserStartedSpeakingFrame,
  UserStoppedSpeakingFrame,
} from '@x/transport-core';
import type { EchoBotPrompts, Prompt } from './prompts.js';
import {
  DEFAULT_UTTERANCE_RECORDER_OPTIONS,
  trimTrailingQuiet,
  UtteranceRecorder,
} from './utterance-recorder.js';

/** Options of `EchoBot`. */
export interface EchoBotOptions {
  /** The greeting and goodbye prompts. */
  prompts: EchoBotPrompts;
  /** Caller audio kept from before the VAD confirmed speech, in milliseconds. */
  preRollMs?: number;
  /** Longest utterance echoed, in seconds. */
  maxUtteranceSecs?: number;
  /** Quiet kept at the end of an echo, in milliseconds. */
  trailingQuietMs?: number;
  /** The keypad key that says goodbye and ends the call. */
  hangUpKey?: string;
  /** Called once when the bot decides to end the call, with the reason (for logs). */
  onEnding?: (reason: string) => void;
}

/** Defaults of `EchoBotOptions`. */
export const DEFAULT_ECHO_BOT_OPTIONS = Object.freeze({
  preRollMs: DEFAULT_UTTERANCE_RECORDER_OPTIONS.preRollMs,
  maxUtteranceSecs: DEFAULT_UTTERANCE_RECORDER_OPTIONS.maxUtteranceSecs,
  trailingQuietMs: 150,
  hangUpKey: '#',
});

/**
 * The echo bot, placed between `transport.input()` and `transport.output()`:
 * - greets the caller when the pipeline starts;
 * - records what the caller says between `UserStartedSpeakingFrame` and
 *   `UserStoppedSpeakingFrame` (the transport's VAD), then plays it back as TTS audio, so the
 *   output reports the bot speaking and the caller can interrupt it; a playback mark after each
 *   utterance tells, when the provider answers it, whether the caller heard it to the end;
 * - on the hang-up key (`#`) or `endCall()` (session timeout), stops what it is saying, says
 *   goodbye and asks the task to end (`EndTaskFrame`): the output drains the goodbye, hangs up
 *   through the provider and closes;
 * - when the provider says the stream stopped (the caller hung up), cancels the call at once.
 *
 * Caller audio is consumed here, not passed on: nothing downstream uses it.
 */
export class EchoBot extends FrameProcessor {
  readonly #prompts: EchoBotPrompts;
  readonly #options: Required<Omit<EchoBotOptions, 'prompts' | 'onEnding'>>;
  readonly #onEnding: ((reason: string) => void) | undefined;
  #recorder: UtteranceRecorder | undefined;
  #botSpeaking = false;
  #ending = false;
  #echoCount = 0;
  #heardCount = 0;
  /** Utterances sent whose playback marks the provider has not answered yet. */
  readonly #unconfirmedUtterances = new Set<string>();

  constructor(options: EchoBotOptions) {
    super({ name: 'EchoBot' });
    this.#prompts = options.prompts;
    this.#onEnding = options.onEnding;
    this.#options = {
      preRollMs: options.preRollMs ?? DEFAULT_ECHO_BOT_OPTIONS.preRollMs,
      maxUtteranceSecs: options.maxUtteranceSecs ?? DEFAULT_ECHO_BOT_OPTIONS.maxUtteranceSecs,
      trailingQuietMs: options.trailingQuietMs ?? DEFAULT_ECHO_BOT_OPTIONS.trailingQuietMs,
      hangUpKey: options.hangUpKey ?? DEFAULT_ECHO_BOT_OPTIONS.hangUpKey,
    };
  }

  /** True once the bot has started ending the call. */
  get ending(): boolean {
    return this.#ending;
  }

  /** Utterances the provider confirmed the caller heard to the end (by their playback marks). */
  get heardCount(): number {
    return this.#heardCount;
  }

  /** Utterances echoed so far. */
  get echoCount(): number {
    return this.#echoCount;
  }

  /**
   * Says goodbye and ends the call (once): stops current playback (anything playing or queued,
   * known from the bot-speaking frames and the unanswered playback marks), plays the goodbye,
   * then asks the pipeline task to end. Used for `#` and for the session timeout.
   */
  endCall(reason: string): void {
    if (this.#ending || !this.started || this.cancelling) return;
    this.#ending = true;
    this.#recorder?.discard();
    this.logger.info({ reason }, 'echo bot: saying goodbye');
    this.#onEnding?.(reason);
    if (this.#botSpeaking || this.#unconfirmedUtterances.size > 0) {
      this.#unconfirmedUtterances.clear();
      this.pushFrame(new InterruptionFrame());
    }
    this.#sayPrompt(this.#prompts.goodbye, 'goodbye');
    this.pushFrame(new EndTaskFrame(reason), 'upstream');
  }

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (InputAudioRawFrame.is(frame)) {
      if (frame.numChannels === 1) this.#recorder?.write(frame.audio);
      return;
    }
    if (StartFrame.is(frame)) {
      this.pushFrame(frame, direction);
      this.#recorder = new UtteranceRecorder({
        sampleRate: frame.audioInSampleRate,
        preRollMs: this.#options.preRollMs,
        maxUtteranceSecs: this.#options.maxUtteranceSecs,
      });
      this.#sayPrompt(this.#prompts.greeting, 'greeting');
      return;
    }
    if (BotStartedSpeakingFrame.is(frame)) this.#botSpeaking = true;
    else if (BotStoppedSpeakingFrame.is(frame)) this.#botSpeaking = false;
    else if (UserStartedSpeakingFrame.is(frame)) {
      if (!this.#ending) this.#recorder?.start();
    } else if (UserStoppedSpeakingFrame.is(frame)) {
      this.pushFrame(frame, direction);
      this.#echo();
      return;
    } else if (InterruptionFrame.is(frame)) {
      // The output drops what was queued; marks already sent come back flagged as cleared.
      this.#unconfirmedUtterances.clear();
    } else if (PlaybackMarkPlayedFrame.is(frame)) {
      this.#unconfirmedUtterances.delete(frame.markName);
      this.#heardCount += frame.cleared ? 0 : 1;
      this.logger.debug(
        { mark: frame.markName },
        frame.cleared ? 'echo bot: the caller cut this short' : 'echo bot: the caller heard this',
      );
    } else if (StreamStoppedFrame.is(frame)) {
      // The provider says the caller hung up: nobody is left to say goodbye to.
      this.pushFrame(frame, direction);
      if (!this.#ending) {
        this.#ending = true;
        this.#recorder?.discard();
        this.pushFrame(new CancelTaskFrame('the caller hung up'), 'upstream');
      }
      return;
    } else if (InputDTMFFrame.is(frame)) {
      if (frame.button !== this.#options.hangUpKey) {
        this.pushFrame(frame, direction);
        return;
      }
      // Not passed on: the interruption must be the next system frame the output handles, or
      // it could still be waiting behind this one when the goodbye reaches the output's queue
      // (and be applied to the goodbye).
      this.endCall(`caller pressed ${frame.button}`);
      return;
    }
    this.pushFrame(frame, direction);
  }

  #echo(): void {
    const recorder = this.#recorder;
    if (!recorder || this.#ending) return;
    const utterance = recorder.finish();
    if (!utterance) return;
    const audio = trimTrailingQuiet(utterance, recorder.sampleRate, this.#options.trailingQuietMs);
    this.#echoCount++;
    this.logger.info(
      { seconds: Number((audio.length / recorder.sampleRate).toFixed(2)) },
      'echo bot: playing back what the caller said',
    );
    const contextId = `echo-${this.#echoCount}`;
    const speech = new TTSAudioRawFrame(audio, recorder.sampleRate);
    speech.contextId = contextId;
    this.#speak(speech, contextId);
  }

  /** Plays a recorded prompt as one utterance. */
  #sayPrompt(prompt: Prompt, contextId: string): void {
    this.#speak(new SpeechOutputAudioRawFrame(prompt.audio, prompt.sampleRate), contextId);
  }

  /**
   * Sends one utterance between `TTSStartedFrame` and `TTSStoppedFrame`, so the output flushes
   * its last partial chunk and reports the bot speaking while it plays, then a playback mark
   * named after it: the provider answers the mark once the caller has heard the utterance
   * (or at once, flagged cleared, when the caller cut it short).
   */
  #speak(speech: OutputAudioRawFrame, contextId: string): void {
    this.pushFrame(new TTSStartedFrame(contextId));
    this.pushFrame(speech);
    this.pushFrame(new TTSStoppedFrame(contextId));
    this.pushFrame(new PlaybackMarkFrame(contextId));
    this.#unconfirmedUtterances.add(contextId);
  }
}
