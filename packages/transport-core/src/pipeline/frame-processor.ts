import { type Clock, systemClock } from '../clock/clock.js';
import type { Frame } from '../frames/frame.js';
import { isSystemFrame } from '../frames/frame.js';
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
 *   in the order start, system frames, then data and control frames;
 * - system frames are handled at once, in arrival order, overtaking queued data and control;
 * - data and control frames are handled one at a time, in order;
 * - an `InterruptionFrame` drops the queued data and control frames except uninterruptible
 *   ones (`EndFrame`, `StopFrame`); frames pushed by a handler that was interrupted meanwhile
 *   are dropped too, and `interruptionSignal` aborts so long handlers can stop early;
 * - after a `CancelFrame`, every further frame is dropped;
 * - an exception in `processFrame` becomes an `ErrorFrame` pushed upstream; the processor
 *   goes on with the next frame.
 */
export class FrameProcessor {
  readonly name: string;
  /** Time source, set by `setup`. */
  protected clock: Clock = systemClock;
  /** Logger, set by `setup`. */
  protected logger: Logger = silentLogger;

  #next: FrameProcessor | undefined;
  #previous: FrameProcessor | undefined;
  #started = false;
  #cancelling = false;
  #allowInterruptions = true;
  #waitingForStart: { frame: Frame; direction: FrameDirection }[] = [];
  #systemQueue = new FrameQueue();
  #systemRunning = false;
  #dataQueue = new FrameQueue();
  #dataRunning = false;
  #generation = 0;
  #inFlightGeneration: number | undefined;
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

  /** True once the `StartFrame` has been processed. */
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

  /** Data and control frames waiting to be processed. */
  get queuedFrameCount(): number {
    return this.#dataQueue.length + this.#waitingForStart.length;
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
    this.#waitingForStart = [];
    this.#interruptionController = undefined;
  }

  /**
   * Receives a frame from a neighbour. System frames run at once (in order); data and control
   * frames queue. Called by `pushFrame` of the neighbouring processor.
   */
  queueFrame(frame: Frame, direction: FrameDirection = 'downstream'): void {
    if (this.#cancelling) return;
    if (!this.#started) {
      if (StartFrame.is(frame)) {
        this.#systemQueue.push(frame, direction);
        void this.#runSystemFrames();
      } else {
        this.#waitingForStart.push({ frame, direction });
      }
      return;
    }
    if (isSystemFrame(frame)) {
      this.#systemQueue.push(frame, direction);
      void this.#runSystemFrames();
    } else {
      this.#dataQueue.push(frame, direction);
      void this.#runDataFrames();
    }
  }

  /** Handles one frame. The default passes it on in the same direction. */
  protected async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    this.pushFrame(frame, direction);
  }

  /** Sends `frame` to the next processor (downstream) or the previous one (upstream). */
  pushFrame(frame: Frame, direction: FrameDirection = 'downstream'): void {
    if (
      !isSystemFrame(frame) &&
      !frame.uninterruptible &&
      this.#inFlightGeneration !== undefined &&
      this.#inFlightGeneration !== this.#generation
    ) {
      return; // pushed by a handler an interruption has overtaken
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

  async #runSystemFrames(): Promise<void> {
    if (this.#systemRunning) return;
    this.#systemRunning = true;
    try {
      for (let item = this.#systemQueue.shift(); item; item = this.#systemQueue.shift()) {
        await this.#handle(item.frame, item.direction);
        if (this.#cancelling) {
          this.#systemQueue.clear();
          break;
        }
      }
    } finally {
      this.#systemRunning = false;
    }
  }

  async #runDataFrames(): Promise<void> {
    if (this.#dataRunning) return;
    this.#dataRunning = true;
    try {
      while (!this.#cancelling) {
        const item = this.#dataQueue.shift();
        if (!item) break;
        this.#inFlightGeneration = this.#generation;
        await this.#handle(item.frame, item.direction);
      }
    } finally {
      this.#inFlightGeneration = undefined;
      this.#dataRunning = false;
    }
  }

  async #handle(frame: Frame, direction: FrameDirection): Promise<void> {
    if (StartFrame.is(frame)) {
      this.#allowInterruptions = frame.allowInterruptions;
    } else if (CancelFrame.is(frame)) {
      this.#dataQueue.clear();
      this.#waitingForStart = [];
      this.#interruptionController?.abort();
    } else if (InterruptionFrame.is(frame)) {
      this.#dataQueue.dropInterruptible();
      this.#generation++;
      this.#interruptionController?.abort();
      this.#interruptionController = undefined;
    }
    try {
      await this.processFrame(frame, direction);
    } catch (exception) {
      const message = exception instanceof Error ? exception.message : String(exception);
      this.logger.error(
        { processor: this.name, frame: frame.name, err: exception },
        `error processing ${frame.name}`,
      );
      this.pushError(`${this.name} failed on ${frame.name}: ${message}`, { exception });
    }
    if (StartFrame.is(frame)) {
      this.#started = true;
      this.#releaseFramesWaitingForStart();
    } else if (CancelFrame.is(frame)) {
      this.#cancelling = true;
    }
  }

  #releaseFramesWaitingForStart(): void {
    const waiting = this.#waitingForStart;
    this.#waitingForStart = [];
    for (const item of waiting) {
      if (isSystemFrame(item.frame)) this.queueFrame(item.frame, item.direction);
    }
    for (const item of waiting) {
      if (!isSystemFrame(item.frame)) this.queueFrame(item.frame, item.direction);
    }
  }
}
