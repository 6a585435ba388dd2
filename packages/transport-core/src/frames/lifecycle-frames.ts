import { ControlFrame, SystemFrame } from './frame.js';

/** Options carried by the `StartFrame`; every processor receives them before any other frame. */
export interface StartFrameOptions {
  /** Sample rate of caller audio inside the pipeline, in Hz. */
  audioInSampleRate?: number;
  /** Sample rate of bot audio inside the pipeline, in Hz. */
  audioOutSampleRate?: number;
  /** Whether processors should collect metrics. */
  enableMetrics?: boolean;
  /** Whether interruptions are allowed (caller speech interrupts the bot). */
  allowInterruptions?: boolean;
}

/** First frame through the pipeline; nothing is processed before it. */
export class StartFrame extends SystemFrame {
  static override readonly type: string = 'StartFrame';
  readonly audioInSampleRate: number;
  readonly audioOutSampleRate: number;
  readonly enableMetrics: boolean;
  readonly allowInterruptions: boolean;

  constructor(options: StartFrameOptions = {}) {
    super();
    this.audioInSampleRate = options.audioInSampleRate ?? 16_000;
    this.audioOutSampleRate = options.audioOutSampleRate ?? 24_000;
    this.enableMetrics = options.enableMetrics ?? false;
    this.allowInterruptions = options.allowInterruptions ?? true;
  }
}

/** Graceful end: travels behind queued data, drains it, then the pipeline finishes. */
export class EndFrame extends ControlFrame {
  static override readonly type: string = 'EndFrame';
  constructor(readonly reason?: string) {
    super();
  }
  override get uninterruptible(): boolean {
    return true;
  }
}

/** Stops the pipeline in order, like `EndFrame`, but keeps processors alive (paused). */
export class StopFrame extends ControlFrame {
  static override readonly type: string = 'StopFrame';
  override get uninterruptible(): boolean {
    return true;
  }
}

/** Immediate stop: overtakes everything; queued frames are dropped. */
export class CancelFrame extends SystemFrame {
  static override readonly type: string = 'CancelFrame';
  constructor(readonly reason?: string) {
    super();
  }
}

/** The caller interrupted the bot: every processor drops its queued data frames. */
export class InterruptionFrame extends SystemFrame {
  static override readonly type: string = 'InterruptionFrame';
}

/**
 * Pushed upstream by a processor to ask the pipeline task to end gracefully: the task
 * answers by queuing an `EndFrame` at the pipeline's start. Like Pipecat's, it is a control
 * frame (it travels upstream behind frames pushed before it) and uninterruptible.
 */
export class EndTaskFrame extends ControlFrame {
  static override readonly type: string = 'EndTaskFrame';
  constructor(readonly reason?: string) {
    super();
  }
  override get uninterruptible(): boolean {
    return true;
  }
}

/** Pushed upstream by a processor to ask the pipeline task to cancel at once. */
export class CancelTaskFrame extends SystemFrame {
  static override readonly type: string = 'CancelTaskFrame';
  constructor(readonly reason?: string) {
    super();
  }
}

/** Pushed upstream by a processor to ask the task to interrupt the whole pipeline. */
export class InterruptionTaskFrame extends SystemFrame {
  static override readonly type: string = 'InterruptionTaskFrame';
}

/** Options of an `ErrorFrame`. */
export interface ErrorFrameOptions {
  /** Name of the processor where the error happened. */
  processor?: string;
  /** The thrown value, when the error came from an exception. */
  exception?: unknown;
  /** When true, the pipeline task cancels the pipeline on receiving it. */
  fatal?: boolean;
}

/** An error, pushed upstream so the task (and the application) hears of it. */
export class ErrorFrame extends SystemFrame {
  static override readonly type: string = 'ErrorFrame';
  readonly processor: string | undefined;
  readonly exception: unknown;
  readonly fatal: boolean;

  constructor(
    readonly error: string,
    options: ErrorFrameOptions = {},
  ) {
    super();
    this.processor = options.processor;
    this.exception = options.exception;
    this.fatal = options.fatal ?? false;
  }
}
