import { type Clock, systemClock } from '../clock/clock.js';
import { type Frame, isSystemFrame } from '../frames/frame.js';
import {
  CancelFrame,
  ErrorFrame,
  InterruptionFrame,
  StartFrame,
} from '../frames/lifecycle-frames.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import type { FrameDirection } from './frame-direction.js';
import { FrameQueue } from './frame-queue.js';

/** What every processor receives from the pipeline task before the `StartFrame`. */
export interface FrameProcessorSetup {
  /** Time source and timers for this pipeline. */
  clock: Clock;
  /** Logger for this pipeline. */
  logger: Logger;
}

/** Options of `FrameProcessor`. */
export interface FrameProcessorOptions {
  /** Name used in logs and error frames; default: the class name with a unique number. */
  name?: string;
}

let processorCount = 0;

/**
 * A step of a pipeline. Override `processFrame(frame, direction)` and call
 * `pushFrame(frame, direction)` to pass frames on (the default passes every frame on).
 *
 * Rules the base class enforces, so subclasses cannot forget them:
 * - nothing is processed before the `StartFrame`; frames that arrive earlier wait, then run
 *   in the order start, system frames, then data and control frames (each group in arrival
 *   order; the data waits until the system frames' handlers have finished);
 * - system frames are handled at once, one at a time in arrival order, overtaking queued
 *   data and control frames;
 * - data and control frames are handled one at a time, in order;
 * - an `InterruptionFrame` drops the queued data and control frames except uninterruptible
 *   ones (`EndFrame`, `StopFrame`). The data or control frame being handled meanwhile is
 *   interrupted unless it is uninterruptible: `interruptionSignal` aborts so a long handler
 *   can stop early, and the data and control frames it still pushes are dropped (system and
 *   uninterruptible frames still go through; so do frames pushed synchronously by a system
 *   frame's handler);
 * - after a `CancelFrame`, queued frames are dropped and every further frame is ignored;
 * - an exception in `processFrame` becomes an `ErrorFrame` pushed upstream; the processor
 *   goes on with the next frame.
 */
/** A system frame whose handler returned a promise, and what to do once it settles. */
interface PendingSystemFrame {
  readonly handling: Promise<void>;
  readonly frame: Frame;
  readonly isStart: boolean;
}

export class FrameProcessor {
  readonly name: string;
  /** Time source, set by `setup`. */
  protected clock: Clock = systemClock;
  /** Logger, set by `setup`. */
  protected logger: Logger = silentLogger;

  #next: FrameProcessor | undefined;
  #previous: FrameProcessor | undefined;
  /** True once the start frame and the system frames that waited for it have run. */
  #started = false;
  /** True from the end of the start frame's handler until the waiting frames are released. */
  #starting = false;
  #cancelling = false;
  #allowInterruptions = true;
  /** Frames that arrived before the start frame's handler finished, in arrival order. */
  readonly #waitingForStart = new FrameQueue();
  /** Data and control frames that waited for the start, released after the system frames. */
  readonly #heldForStart = new FrameQueue();
  readonly #systemQueue = new FrameQueue();
  #systemRunning = false;
  readonly #dataQueue = new FrameQueue();
  #dataRunning = false;
  /** Counts interruptions; a data handler started in an older generation is stale. */
  #generation = 0;
  /** The data or control frame being handled, if any. */
  #inFlightFrame: Frame | undefined;
  /** The generation the frame being handled belongs to. */
  #inFlightGeneration: number | undefined;
  /** Above zero while the synchronous part of a system frame's handler runs. */
  #systemHandlerDepth = 0;
  #interruptionController: AbortController | undefined;

  constructor(options: FrameProcessorOptions = {}) {
    processorCount++;
    this.name = options.name ?? `${new.target.name}#${processorCount}`;
  }

  /** The processor frames go to when pushed downstream. */
  get next(): FrameProcessor | undefined {
    return this.#next;
  }

  /** The processor frames go to when pushed upstream. */
  get previous(): FrameProcessor | undefined {
    return this.#previous;
  }

  /** True once the `StartFrame` (and the system frames that waited for it) have been processed. */
  get started(): boolean {
    return this.#started;
  }

  /** True once a `CancelFrame` has been received. */
  get cancelling(): boolean {
    return this.#cancelling;
  }

  /** Whether the `StartFrame` allowed interruptions. */
  get interruptionsAllowed(): boolean {
    return this.#allowInterruptions;
  }

  /** Frames waiting to be processed: queued data and control frames, and frames waiting for the start. */
  get queuedFrameCount(): number {
    return this.#dataQueue.length + this.#waitingForStart.length + this.#heldForStart.length;
  }

  /** Aborts when an interruption arrives while a data or control frame is being processed. */
  protected get interruptionSignal(): AbortSignal {
    this.#interruptionController ??= new AbortController();
    return this.#interruptionController.signal;
  }

  /** Links `next` after this processor, so downstream pushes go to it and upstream back here. */
  link(next: FrameProcessor): FrameProcessor {
    this.#next = next;
    next.#previous = this;
    return next;
  }

  /** Called once by the pipeline task before the `StartFrame`. Override to prepare resources. */
  async setup(setup: FrameProcessorSetup): Promise<void> {
    this.clock = setup.clock;
    this.logger = setup.logger;
  }

  /** Called once when the pipeline task has finished. Override to release resources. */
  async cleanup(): Promise<void> {
    this.#systemQueue.clear();
    this.#dataQueue.clear();
    this.#waitingForStart.clear();
    this.#heldForStart.clear();
    this.#interruptionController = undefined;
  }

  /**
   * Receives a frame from a neighbour. System frames run at once (in order); data and control
   * frames queue. Called by `pushFrame` of the neighbouring processor.
   */
  queueFrame(frame: Frame, direction: FrameDirection = 'downstream'): void {
    if (this.#cancelling) return;
    if (frame.kind === 'system') {
      if (this.#started || this.#starting || StartFrame.is(frame)) {
        if (this.#systemRunning && InterruptionFrame.is(frame)) {
          // data waiting in line behind a running system handler is stale already
          this.#systemQueue.dropInterruptible(isSystemFrame);
        }
        this.#systemQueue.push(frame, direction);
        if (!this.#systemRunning) this.#runSystemFrames();
      } else {
        this.#waitingForStart.push(frame, direction);
      }
    } else if (this.#started) {
      if (this.#systemRunning) {
        // A system frame is being handled: this frame must not overtake it (nor a queued
        // interruption that would otherwise drop it although it came after), so it takes its
        // place in arrival order and moves to the data queue when its turn comes.
        this.#systemQueue.push(frame, direction);
      } else {
        this.#dataQueue.push(frame, direction);
        if (!this.#dataRunning) void this.#runDataFrames();
      }
    } else if (this.#starting) {
      this.#heldForStart.push(frame, direction);
    } else {
      this.#waitingForStart.push(frame, direction);
    }
  }

  /**
   * Handles one frame. The default passes it on in the same direction. Return a promise while
   * handling goes on asynchronously (an `async` method does), or nothing when it is done: frames
   * then flow without a promise each.
   */
  protected processFrame(frame: Frame, direction: FrameDirection): Promise<void> | void {
    this.pushFrame(frame, direction);
  }

  /** Sends `frame` to the next processor (downstream) or the previous one (upstream). */
  pushFrame(frame: Frame, direction: FrameDirection = 'downstream'): void {
    if (
      this.#inFlightGeneration !== this.#generation &&
      this.#inFlightGeneration !== undefined &&
      this.#systemHandlerDepth === 0 &&
      frame.kind !== 'system' &&
      !frame.uninterruptible
    ) {
      return; // pushed by a data handler an interruption has overtaken
    }
    if (direction === 'downstream') this.#next?.queueFrame(frame, direction);
    else this.#previous?.queueFrame(frame, direction);
  }

  /**
   * Sends one frame from `createFrame` downstream and a sibling from a second call upstream,
   * each knowing the other's id (`broadcastSiblingId`).
   */
  broadcastFrame(createFrame: () => Frame): void {
    const downstream = createFrame();
    const upstream = createFrame();
    downstream.broadcastSiblingId = upstream.id;
    upstream.broadcastSiblingId = downstream.id;
    this.pushFrame(downstream, 'downstream');
    this.pushFrame(upstream, 'upstream');
  }

  /** Sends an `ErrorFrame` upstream. */
  pushError(error: string, options: { exception?: unknown; fatal?: boolean } = {}): void {
    this.pushFrame(new ErrorFrame(error, { ...options, processor: this.name }), 'upstream');
  }

  /**
   * Handles the queued system frames in order. Handlers that finish synchronously run back to
   * back without a promise (audio frames go through a pipeline this way every 20 ms of every
   * call); from the first handler that returns a promise, the rest wait for it.
   */
  #runSystemFrames(): void {
    this.#systemRunning = true;
    let waiting: PendingSystemFrame | undefined;
    try {
      waiting = this.#runSystemFramesNow();
    } finally {
      if (waiting === undefined) this.#systemRunning = false;
    }
    if (waiting !== undefined) void this.#awaitSystemFrames(waiting);
  }

  async #awaitSystemFrames(first: PendingSystemFrame): Promise<void> {
    try {
      for (let waiting: PendingSystemFrame | undefined = first; waiting !== undefined; ) {
        try {
          await waiting.handling;
        } catch (exception) {
          this.#reportError(exception, waiting.frame);
        }
        if (waiting.isStart && !this.#started && !this.#starting) this.#beginStart();
        waiting = this.#runSystemFramesNow();
      }
    } finally {
      this.#systemRunning = false;
    }
  }

  /**
   * Runs queued system frames until the queue is empty (undefined) or a handler returns a
   * promise (returned, with its frame, for the caller to wait on).
   */
  #runSystemFramesNow(): PendingSystemFrame | undefined {
    for (;;) {
      while (this.#systemQueue.length > 0 && !this.#cancelling) {
        const direction = this.#systemQueue.peekDirection() as FrameDirection;
        const frame = this.#systemQueue.shiftFrame() as Frame;
        if (frame.kind !== 'system') {
          this.#dataQueue.push(frame, direction);
          if (!this.#dataRunning) void this.#runDataFrames();
          continue;
        }
        const isStart = StartFrame.is(frame);
        if (isStart) this.#allowInterruptions = frame.allowInterruptions;
        else if (CancelFrame.is(frame)) this.#beginCancel();
        else if (InterruptionFrame.is(frame)) this.#beginInterruption();
        const handling = this.#callSystemHandler(frame, direction);
        if (handling !== undefined) return { handling, frame, isStart };
        if (isStart && !this.#started && !this.#starting) this.#beginStart();
      }
      if (this.#cancelling) {
        this.#systemQueue.clear();
        return undefined;
      }
      if (!this.#starting) return undefined;
      // Releasing the data may run a data handler at once, which may queue system frames
      // here while this loop still counts as running: go round again to handle them.
      this.#finishStart();
    }
  }

  /** Runs the synchronous part of a system frame's handler, marked as such for `pushFrame`. */
  #callSystemHandler(frame: Frame, direction: FrameDirection): Promise<void> | undefined {
    this.#systemHandlerDepth++;
    try {
      return this.processFrame(frame, direction) ?? undefined;
    } catch (exception) {
      this.#reportError(exception, frame);
      return undefined;
    } finally {
      this.#systemHandlerDepth--;
    }
  }

  async #runDataFrames(): Promise<void> {
    this.#dataRunning = true;
    try {
      while (this.#dataQueue.length > 0 && !this.#cancelling) {
        const direction = this.#dataQueue.peekDirection() as FrameDirection;
        const frame = this.#dataQueue.shiftFrame() as Frame;
        this.#inFlightFrame = frame;
        this.#inFlightGeneration = this.#generation;
        try {
          const handling = this.processFrame(frame, direction);
          if (handling !== undefined) await handling;
        } catch (exception) {
          this.#reportError(exception, frame);
        }
      }
    } finally {
      this.#inFlightFrame = undefined;
      this.#inFlightGeneration = undefined;
      this.#dataRunning = false;
    }
  }

  /** The start frame's handler is done: its waiting system frames run next, data waits. */
  #beginStart(): void {
    this.#starting = true;
    while (this.#waitingForStart.length > 0) {
      const direction = this.#waitingForStart.peekDirection() as FrameDirection;
      const frame = this.#waitingForStart.shiftFrame() as Frame;
      if (frame.kind === 'system') this.#systemQueue.push(frame, direction);
      else this.#heldForStart.push(frame, direction);
    }
  }

  /** The system frames that waited for the start have run: release the data and control frames. */
  #finishStart(): void {
    this.#starting = false;
    this.#started = true;
    while (this.#heldForStart.length > 0) {
      const direction = this.#heldForStart.peekDirection() as FrameDirection;
      this.#dataQueue.push(this.#heldForStart.shiftFrame() as Frame, direction);
    }
    if (this.#dataQueue.length > 0 && !this.#dataRunning) void this.#runDataFrames();
  }

  #beginCancel(): void {
    this.#cancelling = true;
    this.#dataQueue.clear();
    this.#waitingForStart.clear();
    this.#heldForStart.clear();
    this.#interruptionController?.abort();
  }

  #beginInterruption(): void {
    this.#dataQueue.dropInterruptible();
    this.#generation++;
    if (this.#inFlightFrame?.uninterruptible) {
      // Like Pipecat: an uninterruptible frame being handled is not interrupted.
      this.#inFlightGeneration = this.#generation;
    } else {
      this.#interruptionController?.abort();
      this.#interruptionController = undefined;
    }
  }

  #reportError(exception: unknown, frame: Frame): void {
    const message = exception instanceof Error ? exception.message : String(exception);
    this.logger.error(
      { processor: this.name, frame: frame.name, err: exception },
      `error processing ${frame.name}`,
    );
    this.pushError(`${this.name} failed on ${frame.name}: ${message}`, { exception });
  }
}
