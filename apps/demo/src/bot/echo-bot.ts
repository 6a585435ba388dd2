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
  MixerControlFrame,
  type OutputAudioRawFrame,
  OutputDTMFFrame,
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  SpeechOutputAudioRawFrame,
  StartFrame,
  StreamStoppedFrame,
  type TimerHandle,
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
  /**
   * The keypad key the bot answers with DTMF keys: the digits typed since the last answer (or
   * `fallbackAnswerKeys` when none were), played after stopping what it was saying.
   */
  answerKey?: string;
  /** What the bot keys on `answerKey` when nothing was typed before it. */
  fallbackAnswerKeys?: string;
  /**
   * How long the bot "thinks" before each echo, in milliseconds, with the output mixer (the hold
   * music) enabled meanwhile and disabled before it speaks; 0 echoes at once.
   */
  thinkingMs?: number;
  /** Called once when the bot decides to end the call, with the reason (for logs). */
  onEnding?: (reason: string) => void;
}

/** Defaults of `EchoBotOptions`. */
export const DEFAULT_ECHO_BOT_OPTIONS = Object.freeze({
  preRollMs: DEFAULT_UTTERANCE_RECORDER_OPTIONS.preRollMs,
  maxUtteranceSecs: DEFAULT_UTTERANCE_RECORDER_OPTIONS.maxUtteranceSecs,
  trailingQuietMs: 150,
  hangUpKey: '#',
  answerKey: '*',
  fallbackAnswerKeys: '123',
  thinkingMs: 0,
});

/** Most keys the bot keeps to answer with (older ones are dropped). */
export const MAX_ANSWERED_KEYS = 16;

/**
 * The echo bot, placed between `transport.input()` and `transport.output()`:
 * - greets the caller when the pipeline starts;
 * - records what the caller says between `UserStartedSpeakingFrame` and
 *   `UserStoppedSpeakingFrame` (the transport's VAD), then plays it back as TTS audio, so the
 *   output reports the bot speaking and the caller can interrupt it; a playback mark after each
 *   utterance tells, when the provider answers it, whether the caller heard it to the end;
 * - with `thinkingMs`, "thinks" that long before each echo with the output mixer (hold music)
 *   on, and turns it off before speaking;
 * - on the answer key (`*`), stops what it is saying and keys back the digits typed before it
 *   (`OutputDTMFFrame`: in-band tones on Twilio and Telnyx, Plivo's `sendDTMF`);
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
  /** Digits typed since the last answer, to key back on the answer key. */
  #typedKeys = '';
  /** The end of the current "thinking" pause, while one runs. */
  #thinkingTimer: TimerHandle | undefined;
  /** What the caller said, to echo once the "thinking" pause ends. */
  #pendingEchoes: Int16Array[] = [];
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
      answerKey: options.answerKey ?? DEFAULT_ECHO_BOT_OPTIONS.answerKey,
      fallbackAnswerKeys: options.fallbackAnswerKeys ?? DEFAULT_ECHO_BOT_OPTIONS.fallbackAnswerKeys,
      thinkingMs: options.thinkingMs ?? DEFAULT_ECHO_BOT_OPTIONS.thinkingMs,
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

  /** True while the bot "thinks" before an echo (the hold music plays). */
  get thinking(): boolean {
    return this.#thinkingTimer !== undefined;
  }

  override async cleanup(): Promise<void> {
    this.#cancelThinking();
    await super.cleanup();
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
    this.#stopThinking();
    this.#stopSpeaking();
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
        this.#cancelThinking();
        this.#recorder?.discard();
        this.pushFrame(new CancelTaskFrame('the caller hung up'), 'upstream');
      }
      return;
    } else if (InputDTMFFrame.is(frame)) {
      // The keys the bot acts on are not passed on: the interruption must be the next system
      // frame the output handles, or it could still be waiting behind this one when the goodbye
      // (or the answer) reaches the output's queue, and be applied to it.
      if (frame.button === this.#options.hangUpKey) {
        this.endCall(`caller pressed ${frame.button}`);
      } else if (frame.button === this.#options.answerKey) {
        this.#answerWithKeys();
      } else {
        this.#typedKeys = (this.#typedKeys + frame.button).slice(-MAX_ANSWERED_KEYS);
        this.pushFrame(frame, direction);
      }
      return;
    }
    this.pushFrame(frame, direction);
  }

  /** Stops current playback: anything playing or queued (bot-speaking frames, unanswered marks). */
  #stopSpeaking(): void {
    if (this.#botSpeaking || this.#unconfirmedUtterances.size > 0) {
      this.#unconfirmedUtterances.clear();
      this.pushFrame(new InterruptionFrame());
    }
  }

  /** Keys back the digits typed since the last answer (or the fallback keys), after stopping. */
  #answerWithKeys(): void {
    if (this.#ending) return;
    const keys = this.#typedKeys || this.#options.fallbackAnswerKeys;
    this.#typedKeys = '';
    this.logger.info({ keys }, 'echo bot: answering with DTMF keys');
    this.#stopSpeaking();
    this.pushFrame(new OutputDTMFFrame(keys));
  }

  /** The caller's turn ended: echo it, after "thinking" with hold music when `thinkingMs` > 0. */
  #echo(): void {
    const audio = this.#takeUtterance();
    if (!audio) return;
    if (this.#options.thinkingMs <= 0) {
      this.#playEcho(audio);
      return;
    }
    this.#pendingEchoes.push(audio);
    if (this.#thinkingTimer !== undefined) return; // a turn that ended while thinking: echoed too
    this.pushFrame(new MixerControlFrame({ enabled: true }));
    this.#thinkingTimer = this.clock.setTimeout(() => {
      this.#thinkingTimer = undefined;
      this.pushFrame(new MixerControlFrame({ enabled: false }));
      const echoes = this.#pendingEchoes;
      this.#pendingEchoes = [];
      for (const echo of echoes) this.#playEcho(echo);
    }, this.#options.thinkingMs);
  }

  /** Ends a "thinking" pause early (the call is ending): the music stops, no echo follows. */
  #stopThinking(): void {
    if (this.#cancelThinking()) this.pushFrame(new MixerControlFrame({ enabled: false }));
  }

  /** Forgets the "thinking" pause and what it would have echoed; true when one was running. */
  #cancelThinking(): boolean {
    this.#pendingEchoes = [];
    if (this.#thinkingTimer === undefined) return false;
    this.clock.clearTimeout(this.#thinkingTimer);
    this.#thinkingTimer = undefined;
    return true;
  }

  /** What the caller said in the turn that just ended, without its trailing quiet. */
  #takeUtterance(): Int16Array | undefined {
    const recorder = this.#recorder;
    if (!recorder || this.#ending) return undefined;
    const utterance = recorder.finish();
    if (!utterance) return undefined;
    return trimTrailingQuiet(utterance, recorder.sampleRate, this.#options.trailingQuietMs);
  }

  #playEcho(audio: Int16Array): void {
    const sampleRate = this.#recorder!.sampleRate;
    this.#echoCount++;
    this.logger.info(
      { seconds: Number((audio.length / sampleRate).toFixed(2)) },
      'echo bot: playing back what the caller said',
    );
    const contextId = `echo-${this.#echoCount}`;
    const speech = new TTSAudioRawFrame(audio, sampleRate);
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
