import type { TimerHandle } from '../clock/clock.js';
import { InputAudioRawFrame } from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import { CancelFrame, EndFrame, EndTaskFrame, StopFrame } from '../frames/lifecycle-frames.js';
import {
  BotSpeakingFrame,
  BotStartedSpeakingFrame,
  BotStoppedSpeakingFrame,
  UserIdleFrame,
  UserSpeakingFrame,
  UserStartedSpeakingFrame,
  UserStoppedSpeakingFrame,
} from '../frames/speech-frames.js';
import type { FrameDirection } from '../pipeline/frame-direction.js';
import { FrameProcessor, type FrameProcessorOptions } from '../pipeline/frame-processor.js';

/** Reason given to the `EndTaskFrame` when the idle caller's call is ended. */
export const USER_IDLE_END_REASON = 'the caller did not answer';

/** `UserIdleProcessorOptions.onIdle`: `false` (or a promise of it) stops watching for now. */
// biome-ignore lint/suspicious/noConfusingVoidType: an async callback that returns nothing is a Promise<void>
export type IdleCallback = (retryCount: number) => void | boolean | Promise<void | boolean>;

/** Options of `UserIdleProcessor`. */
export interface UserIdleProcessorOptions extends FrameProcessorOptions {
  /** Seconds with neither the caller nor the bot speaking before the caller counts as idle. */
  timeoutSecs: number;
  /**
   * Called at each idle timeout, after the `UserIdleFrame` went downstream, with the number of
   * timeouts since the caller last spoke (1 for the first); may be async. Returning `false` (as
   * Pipecat's callback may) stops watching until the caller next starts speaking. Errors are
   * reported as an `ErrorFrame` upstream (and watching goes on). Default none.
   */
  onIdle?: IdleCallback;
  /**
   * Most idle timeouts reported in a row (without the caller speaking in between); after that
   * the processor waits silently for the caller, or ends the call with `endCallAfterRetries`.
   * Default: no limit.
   */
  maxRetries?: number;
  /**
   * End the call (an `EndTaskFrame` upstream: queued bot audio plays, then the call hangs up)
   * when the caller is still idle one timeout after the last of `maxRetries` reports. Needs
   * `maxRetries`. Default false.
   */
  endCallAfterRetries?: boolean;
}

/**
 * Notices a caller who has gone quiet (Pipecat's `UserIdleProcessor`), for "are you still
 * there?" prompts. Place it after `transport.input()`, before the bot. From the first
 * conversation activity (the caller or the bot starting to speak) on, after `timeoutSecs` in which
 * neither speaks it pushes a `UserIdleFrame` downstream and calls `onIdle`; the countdown pauses
 * while either side speaks and starts again when both are quiet. The count (`retryCount`) goes
 * back to 0 when the caller speaks, not when the bot does (the bot's own prompt does not count as
 * an answer). Timers run on the pipeline's clock.
 *
 * ```ts
 * new UserIdleProcessor({
 *   timeoutSecs: 8,
 *   maxRetries: 2,
 *   endCallAfterRetries: true,
 *   onIdle: (retryCount) => bot.say(retryCount === 1 ? 'Are you still there?' : 'Hello?'),
 * });
 * ```
 */
export class UserIdleProcessor extends FrameProcessor {
  readonly #timeoutMs: number;
  readonly #onIdle: IdleCallback | undefined;
  readonly #maxRetries: number;
  readonly #endCallAfterRetries: boolean;
  #conversationStarted = false;
  #userSpeaking = false;
  #botSpeaking = false;
  #retryCount = 0;
  #finished = false;
  /** `onIdle` returned false: no countdown until the caller starts speaking. */
  #paused = false;
  #timer: TimerHandle | undefined;

  /** @throws RangeError naming an option that is out of range. */
  constructor(options: UserIdleProcessorOptions) {
    super(options);
    const { timeoutSecs, maxRetries, endCallAfterRetries = false } = options;
    if (!(timeoutSecs > 0 && Number.isFinite(timeoutSecs))) {
      throw new RangeError(
        `UserIdleProcessor timeoutSecs must be a finite number > 0, got ${timeoutSecs}`,
      );
    }
    if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
      throw new RangeError(
        `UserIdleProcessor maxRetries must be an integer ≥ 0, got ${maxRetries}`,
      );
    }
    if (endCallAfterRetries && maxRetries === undefined) {
      throw new RangeError('UserIdleProcessor endCallAfterRetries needs maxRetries');
    }
    this.#timeoutMs = timeoutSecs * 1000;
    this.#onIdle = options.onIdle;
    this.#maxRetries = maxRetries ?? Number.POSITIVE_INFINITY;
    this.#endCallAfterRetries = endCallAfterRetries;
  }

  /** Idle timeouts since the caller last spoke. */
  get retryCount(): number {
    return this.#retryCount;
  }

  /** True while `onIdle` returned `false` and the caller has not spoken since. */
  get paused(): boolean {
    return this.#paused;
  }

  override async cleanup(): Promise<void> {
    this.#finish();
    await super.cleanup();
  }

  protected override processFrame(frame: Frame, direction: FrameDirection): void {
    if (frame.kind === 'system') {
      if (CancelFrame.is(frame)) this.#finish();
      // caller audio passes every 20 ms and is never activity: one check, not six
      else if (!InputAudioRawFrame.is(frame)) this.#noteActivity(frame);
    } else if (EndFrame.is(frame) || StopFrame.is(frame)) {
      this.#finish();
    }
    this.pushFrame(frame, direction);
  }

  #noteActivity(frame: Frame): void {
    if (this.#noteTurnEdge(frame)) {
      this.#conversationStarted = true;
      this.#restartCountdown();
    } else if (
      this.#conversationStarted &&
      (UserSpeakingFrame.is(frame) || BotSpeakingFrame.is(frame))
    ) {
      this.#restartCountdown(); // someone speaks: the countdown starts again from now
    }
  }

  /** Follows who speaks; false when `frame` is not a start or stop of either side's speech. */
  #noteTurnEdge(frame: Frame): boolean {
    if (UserStartedSpeakingFrame.is(frame)) {
      this.#userSpeaking = true;
      this.#retryCount = 0;
      this.#paused = false;
    } else if (UserStoppedSpeakingFrame.is(frame)) {
      this.#userSpeaking = false;
    } else if (BotStartedSpeakingFrame.is(frame)) {
      this.#botSpeaking = true;
    } else if (BotStoppedSpeakingFrame.is(frame)) {
      this.#botSpeaking = false;
    } else {
      return false;
    }
    return true;
  }

  /** Starts the countdown afresh when both sides are quiet; stops it while either speaks. */
  #restartCountdown(): void {
    this.#clearTimer();
    if (this.#finished || this.#paused || this.#userSpeaking || this.#botSpeaking) return;
    if (this.#retryCount >= this.#maxRetries && !this.#endCallAfterRetries) return;
    this.#timer = this.clock.setTimeout(() => this.#onTimeout(), this.#timeoutMs);
  }

  #onTimeout(): void {
    this.#timer = undefined;
    if (this.#finished) return;
    if (this.#retryCount >= this.#maxRetries) {
      this.#endCall();
      return;
    }
    this.#retryCount++;
    const retryCount = this.#retryCount;
    this.logger.debug({ retryCount }, 'the caller is idle');
    this.pushFrame(new UserIdleFrame(retryCount));
    this.#restartCountdown();
    void this.#callOnIdle(retryCount);
  }

  async #callOnIdle(retryCount: number): Promise<void> {
    if (!this.#onIdle) return;
    try {
      const goOn = await this.#onIdle(retryCount);
      // a `false` from before the caller spoke again does not stop the watch they restarted
      if (goOn === false && this.#retryCount === retryCount && !this.#finished) {
        this.logger.debug(
          { retryCount },
          'onIdle returned false: idle watch paused until the caller speaks',
        );
        this.#paused = true;
        this.#clearTimer();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error, retryCount }, 'UserIdleProcessor onIdle failed');
      this.pushError(`${this.name} onIdle failed: ${message}`, { exception: error });
    }
  }

  #endCall(): void {
    this.logger.info(
      { retries: this.#retryCount },
      'the caller stayed idle after every prompt: ending the call',
    );
    this.#finish();
    this.pushFrame(new EndTaskFrame(USER_IDLE_END_REASON), 'upstream');
  }

  #finish(): void {
    this.#finished = true;
    this.#clearTimer();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
