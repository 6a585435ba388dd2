import { type Clock, systemClock, type TimerHandle } from '../clock/clock.js';
import { TypedEventEmitter } from '../events/typed-event-emitter.js';
import type { Frame, FrameClass } from '../frames/frame.js';
import {
  CancelFrame,
  CancelTaskFrame,
  EndFrame,
  EndTaskFrame,
  ErrorFrame,
  InterruptionFrame,
  InterruptionTaskFrame,
  StartFrame,
  StopFrame,
} from '../frames/lifecycle-frames.js';
import { BotSpeakingFrame, UserSpeakingFrame } from '../frames/speech-frames.js';
import { defaultLogger, type Logger } from '../logging/logger.js';
import type { FrameDirection } from './frame-direction.js';
import { FrameProcessor } from './frame-processor.js';
import { checkPipelineSampleRate } from './pipeline-sample-rate.js';

/** Default bound on how long `cancel()` waits for the `CancelFrame` to cross the pipeline. */
export const DEFAULT_CANCEL_TIMEOUT_SECS = 20;

/** Options of `PipelineTask`. */
export interface PipelineTaskParams {
  /**
   * Sample rate of caller audio inside the pipeline, in Hz: a multiple of 50 Hz from 8000 to
   * 48000 (see `checkPipelineSampleRate`). Default 16000.
   */
  audioInSampleRate?: number;
  /**
   * Sample rate of bot audio inside the pipeline, in Hz: a multiple of 50 Hz from 8000 to 48000.
   * A transport that sends at this rate (no `audioOutSampleRate` of its own) needs a multiple of
   * 100 Hz. Default 24000.
   */
  audioOutSampleRate?: number;
  /** Whether caller speech may interrupt the bot. Default true. */
  allowInterruptions?: boolean;
  /** Whether processors should collect metrics. Default false. */
  enableMetrics?: boolean;
  /** Seconds without activity frames before `idleTimeout` fires; undefined disables. */
  idleTimeoutSecs?: number;
  /** Frames that count as activity for the idle timeout. Default bot and user speaking frames. */
  idleTimeoutFrames?: readonly FrameClass[];
  /** Whether the idle timeout cancels the task (else it only fires the event). Default true. */
  cancelOnIdleTimeout?: boolean;
  /**
   * Bound on `cancel()`, in seconds: the task finishes by then even if a processor hangs.
   * Processors' cleanup is bounded by the same time. Default `DEFAULT_CANCEL_TIMEOUT_SECS`.
   */
  cancelTimeoutSecs?: number;
  /** Clock for timers; inject a manual clock in tests. */
  clock?: Clock;
  /**
   * Logger handed to every processor. Default `defaultLogger` (warnings and errors on the
   * console); pass `silentLogger` to drop them.
   */
  logger?: Logger;
}

/** Why a task finished. */
export type PipelineFinishReason = 'end' | 'stop' | 'cancel' | 'cancel-timeout';

/** Events of `PipelineTask`. */
export type PipelineTaskEvents = {
  /** The `StartFrame` reached the end of the pipeline. */
  started: [task: PipelineTask];
  /** The task finished; processors are cleaned up. */
  finished: [task: PipelineTask, reason: PipelineFinishReason];
  /** An `ErrorFrame` reached the top of the pipeline. */
  error: [task: PipelineTask, frame: ErrorFrame];
  /** No activity frame was seen for `idleTimeoutSecs`. */
  idleTimeout: [task: PipelineTask];
};

/** Receives upstream frames at the top of the pipeline and acts on task requests. */
class TaskSource extends FrameProcessor {
  readonly #task: PipelineTask;
  constructor(task: PipelineTask) {
    super({ name: 'PipelineTask::source' });
    this.#task = task;
  }
  override queueFrame(frame: Frame, direction: FrameDirection = 'downstream'): void {
    if (direction === 'downstream') this.pushFrame(frame, direction);
    else this.#task.handleUpstreamFrame(frame);
  }
}

/** Receives downstream frames at the end of the pipeline and tells the task. */
class TaskSink extends FrameProcessor {
  readonly #task: PipelineTask;
  constructor(task: PipelineTask) {
    super({ name: 'PipelineTask::sink' });
    this.#task = task;
  }
  override queueFrame(frame: Frame, direction: FrameDirection = 'downstream'): void {
    if (direction === 'downstream') this.#task.handleDownstreamFrame(frame);
  }
}

/**
 * Runs one pipeline: sends the `StartFrame`, then queued frames; finishes when an `EndFrame`
 * (after draining), a `StopFrame` or a `CancelFrame` reaches the end of the pipeline.
 *
 * Every way of finishing is bounded except the graceful end: `cancel()` resolves within
 * `cancelTimeoutSecs` even if a processor hangs in `setup`, in `processFrame`; processors'
 * `cleanup` gets `cancelTimeoutSecs` too. `cleanup` runs on every processor once the task has
 * finished, also when it is cancelled before `run()`.
 *
 * ```ts
 * const task = new PipelineTask(pipeline, { audioInSampleRate: 8000, audioOutSampleRate: 8000 });
 * await new PipelineRunner().run(task);
 * ```
 */
export class PipelineTask extends TypedEventEmitter<PipelineTaskEvents> {
  readonly pipeline: FrameProcessor;
  readonly #params: Required<
    Omit<PipelineTaskParams, 'idleTimeoutSecs' | 'clock' | 'logger' | 'idleTimeoutFrames'>
  > & {
    idleTimeoutSecs: number | undefined;
  };
  /** Type names of the activity frames, or undefined when the idle timeout is off. */
  /** Type names of the activity frames (a set: checked for every frame that reaches the end). */
  readonly #activityTypes: ReadonlySet<string> | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #source: TaskSource;
  readonly #sink: TaskSink;
  #pendingFrames: Frame[] = [];
  #startedPipeline = false;
  #finishReason: PipelineFinishReason | undefined;
  #resolveFinished: (reason: PipelineFinishReason) => void = () => {};
  readonly #finished: Promise<PipelineFinishReason>;
  #runPromise: Promise<void> | undefined;
  #cancelTimer: TimerHandle | undefined;
  #idleTimer: TimerHandle | undefined;
  #lastActivityMs = 0;
  #cancelRequested = false;

  /** @throws RangeError naming a sample rate the pipeline cannot work at. */
  constructor(pipeline: FrameProcessor, params: PipelineTaskParams = {}) {
    const logger = params.logger ?? defaultLogger;
    super({ logger });
    if (params.audioInSampleRate !== undefined) {
      checkPipelineSampleRate('audioInSampleRate', params.audioInSampleRate);
    }
    if (params.audioOutSampleRate !== undefined) {
      checkPipelineSampleRate('audioOutSampleRate', params.audioOutSampleRate);
    }
    this.pipeline = pipeline;
    this.#clock = params.clock ?? systemClock;
    this.#logger = logger;
    this.#params = {
      audioInSampleRate: params.audioInSampleRate ?? 16_000,
      audioOutSampleRate: params.audioOutSampleRate ?? 24_000,
      allowInterruptions: params.allowInterruptions ?? true,
      enableMetrics: params.enableMetrics ?? false,
      idleTimeoutSecs: params.idleTimeoutSecs,
      cancelOnIdleTimeout: params.cancelOnIdleTimeout ?? true,
      cancelTimeoutSecs: params.cancelTimeoutSecs ?? DEFAULT_CANCEL_TIMEOUT_SECS,
    };
    const activityFrames = params.idleTimeoutFrames ?? [BotSpeakingFrame, UserSpeakingFrame];
    this.#activityTypes =
      params.idleTimeoutSecs === undefined
        ? undefined
        : new Set(activityFrames.map((frameClass) => frameClass.type));
    this.#source = new TaskSource(this);
    this.#sink = new TaskSink(this);
    this.#source.link(pipeline).link(this.#sink);
    this.#finished = new Promise((resolve) => {
      this.#resolveFinished = resolve;
    });
  }

  /** True once the task has finished. */
  hasFinished(): boolean {
    return this.#finishReason !== undefined;
  }

  /** Why the task finished, once it has. */
  get finishReason(): PipelineFinishReason | undefined {
    return this.#finishReason;
  }

  /** Queues a frame at the start of the pipeline (held until the pipeline has started). */
  queueFrame(frame: Frame): void {
    if (this.hasFinished()) return;
    if (!this.#startedPipeline) this.#pendingFrames.push(frame);
    else this.#source.pushFrame(frame, 'downstream');
  }

  /** Queues several frames, in order. */
  queueFrames(frames: Iterable<Frame>): void {
    for (const frame of frames) this.queueFrame(frame);
  }

  /** Ends the pipeline gracefully: queues an `EndFrame` behind everything already queued. */
  stopWhenDone(): void {
    this.queueFrame(new EndFrame());
  }

  /**
   * Cancels at once: a `CancelFrame` overtakes queued frames. Resolves when the task has
   * finished and its processors are cleaned up, at most `cancelTimeoutSecs` later even if a
   * processor hangs (plus at most `cancelTimeoutSecs` for a hanging cleanup). Before `run()`,
   * finishes the task at once and cleans its processors up.
   */
  async cancel(reason?: string): Promise<void> {
    if (this.hasFinished()) return;
    if (!this.#cancelRequested) {
      this.#cancelRequested = true;
      if (this.#runPromise === undefined) {
        this.#finish('cancel');
        return this.run();
      }
      this.#cancelTimer = this.#clock.setTimeout(() => {
        this.#cancelTimer = undefined;
        this.#logger.warn(
          { timeoutSecs: this.#params.cancelTimeoutSecs },
          'cancel did not cross the pipeline in time; finishing the task anyway',
        );
        this.#finish('cancel-timeout');
      }, this.#params.cancelTimeoutSecs * 1000);
      if (this.#startedPipeline) this.#source.pushFrame(new CancelFrame(reason), 'downstream');
    }
    await this.#finished;
    await this.#runPromise;
  }

  /**
   * Sets up the processors, starts the pipeline and resolves when the task has finished and
   * every processor has been cleaned up. Rejects when a processor's `setup` fails (the task
   * then finishes with reason `cancel`).
   */
  run(): Promise<void> {
    this.#runPromise ??= this.#run();
    return this.#runPromise;
  }

  async #run(): Promise<void> {
    try {
      if (!this.hasFinished()) {
        // A setup that never settles must not keep a cancel from finishing the task.
        await Promise.race([
          this.pipeline.setup({ clock: this.#clock, logger: this.#logger }),
          this.#finished,
        ]);
      }
      if (!this.hasFinished()) {
        this.#startedPipeline = true;
        this.#source.pushFrame(
          new StartFrame({
            audioInSampleRate: this.#params.audioInSampleRate,
            audioOutSampleRate: this.#params.audioOutSampleRate,
            allowInterruptions: this.#params.allowInterruptions,
            enableMetrics: this.#params.enableMetrics,
          }),
          'downstream',
        );
        if (this.#cancelRequested) this.#source.pushFrame(new CancelFrame(), 'downstream');
        const pending = this.#pendingFrames;
        this.#pendingFrames = [];
        for (const frame of pending) this.#source.pushFrame(frame, 'downstream');
        this.#startIdleTimer();
      }
      await this.#finished;
    } finally {
      this.#finish('cancel'); // no-op unless setup failed
      this.#pendingFrames = [];
      await this.#cleanupProcessors();
      await this.emit('finished', this, this.#finishReason ?? 'cancel');
    }
  }

  /** @internal Called by the task source for every frame that reaches the top. */
  handleUpstreamFrame(frame: Frame): void {
    if (EndTaskFrame.is(frame)) {
      this.queueFrame(new EndFrame(frame.reason));
    } else if (CancelTaskFrame.is(frame)) {
      void this.cancel(frame.reason);
    } else if (InterruptionTaskFrame.is(frame)) {
      if (this.#startedPipeline) this.#source.pushFrame(new InterruptionFrame(), 'downstream');
    } else if (ErrorFrame.is(frame)) {
      this.#logger.warn({ processor: frame.processor }, `pipeline error: ${frame.error}`);
      void this.emit('error', this, frame);
      if (frame.fatal) void this.cancel(`fatal error: ${frame.error}`);
    } else if (this.#activityTypes !== undefined && this.#isActivity(frame)) {
      this.#lastActivityMs = this.#clock.now();
    }
  }

  /** @internal Called by the task sink for every frame that reaches the end. */
  handleDownstreamFrame(frame: Frame): void {
    // Kind first: the common data frames (audio) skip the type checks.
    if (frame.kind === 'system') {
      if (StartFrame.is(frame)) {
        void this.emit('started', this);
        return;
      }
      if (CancelFrame.is(frame)) {
        this.#finish('cancel');
        return;
      }
    } else if (frame.kind === 'control') {
      if (EndFrame.is(frame)) {
        this.#finish('end');
        return;
      }
      if (StopFrame.is(frame)) {
        this.#finish('stop');
        return;
      }
    }
    if (this.#activityTypes !== undefined && this.#isActivity(frame)) {
      this.#lastActivityMs = this.#clock.now();
    }
  }

  #isActivity(frame: Frame): boolean {
    const activity = this.#activityTypes;
    if (activity === undefined) return false;
    // indexed: no iterator for each of the frames that pass every 20 ms of every call
    const types = frame.types;
    for (let index = 0; index < types.length; index++) {
      if (activity.has(types[index]!)) return true;
    }
    return false;
  }

  /**
   * Activity only records the time; the single idle timer re-arms itself for the remaining
   * wait when it fires, so activity frames cost no timer churn.
   */
  #startIdleTimer(): void {
    if (this.#params.idleTimeoutSecs === undefined || this.hasFinished()) return;
    this.#lastActivityMs = this.#clock.now();
    this.#armIdleTimer(this.#params.idleTimeoutSecs * 1000);
  }

  #armIdleTimer(delayMs: number): void {
    this.#idleTimer = this.#clock.setTimeout(() => this.#onIdleTimer(), delayMs);
  }

  #onIdleTimer(): void {
    this.#idleTimer = undefined;
    const idleSecs = this.#params.idleTimeoutSecs;
    if (idleSecs === undefined || this.hasFinished()) return;
    const remainingMs = this.#lastActivityMs + idleSecs * 1000 - this.#clock.now();
    if (remainingMs > 0) {
      this.#armIdleTimer(remainingMs);
      return;
    }
    this.#logger.info({ idleSecs }, 'pipeline idle timeout');
    void this.emit('idleTimeout', this);
    if (this.#params.cancelOnIdleTimeout) void this.cancel('idle timeout');
  }

  #finish(reason: PipelineFinishReason): void {
    if (this.#finishReason !== undefined) return;
    this.#finishReason = reason;
    this.#clearTimers();
    this.#resolveFinished(reason);
  }

  #clearTimers(): void {
    if (this.#cancelTimer !== undefined) this.#clock.clearTimeout(this.#cancelTimer);
    if (this.#idleTimer !== undefined) this.#clock.clearTimeout(this.#idleTimer);
    this.#cancelTimer = undefined;
    this.#idleTimer = undefined;
  }

  /** Cleans every processor up, waiting at most `cancelTimeoutSecs`. */
  async #cleanupProcessors(): Promise<void> {
    const timeoutSecs = this.#params.cancelTimeoutSecs;
    let timer: TimerHandle | undefined;
    const timedOut = new Promise<true>((resolve) => {
      timer = this.#clock.setTimeout(() => resolve(true), timeoutSecs * 1000);
    });
    try {
      const cleanup = (async () => this.pipeline.cleanup())();
      if ((await Promise.race([cleanup, timedOut])) === true) {
        this.#logger.warn({ timeoutSecs }, 'pipeline cleanup did not finish in time; going on');
      }
    } catch (error) {
      this.#logger.error({ err: error }, 'error while cleaning up the pipeline');
    } finally {
      this.#clock.clearTimeout(timer);
    }
  }
}
