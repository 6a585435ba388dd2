import type { Frame } from '../frames/frame.js';
import type { FrameDirection } from './frame-direction.js';

/** A queued frame with the direction it travels. */
export interface QueuedFrame {
  readonly frame: Frame;
  readonly direction: FrameDirection;
}

/** Slots a new or cleared queue starts with; a power of two. */
const INITIAL_CAPACITY_FRAMES = 16;

/**
 * FIFO of frames for one processor. `dropInterruptible()` empties it except for
 * uninterruptible frames (end, stop), which keep their order.
 *
 * A ring buffer of frames and directions in two parallel arrays: pushing and taking frames
 * allocates nothing (the hot path runs for every audio frame of every call). Use
 * `peekDirection()` then `shiftFrame()` to take a frame without allocating; `shift()` returns
 * a `{ frame, direction }` object for convenience.
 */
export class FrameQueue {
  #frames: (Frame | undefined)[] = new Array(INITIAL_CAPACITY_FRAMES).fill(undefined);
  #directions: FrameDirection[] = new Array(INITIAL_CAPACITY_FRAMES).fill('downstream');
  #head = 0;
  #length = 0;

  /** Number of queued frames. */
  get length(): number {
    return this.#length;
  }

  /** Adds `frame` at the end. */
  push(frame: Frame, direction: FrameDirection): void {
    if (this.#length === this.#frames.length) this.#grow();
    const index = (this.#head + this.#length) & (this.#frames.length - 1);
    this.#frames[index] = frame;
    this.#directions[index] = direction;
    this.#length++;
  }

  /** The direction of the frame `shiftFrame()` would return, or undefined when empty. */
  peekDirection(): FrameDirection | undefined {
    return this.#length === 0 ? undefined : this.#directions[this.#head];
  }

  /** Removes and returns the first frame, or undefined when empty. */
  shiftFrame(): Frame | undefined {
    if (this.#length === 0) return undefined;
    const frame = this.#frames[this.#head];
    this.#frames[this.#head] = undefined;
    this.#head = (this.#head + 1) & (this.#frames.length - 1);
    this.#length--;
    return frame;
  }

  /** Removes and returns the first frame with its direction, or undefined when empty. */
  shift(): QueuedFrame | undefined {
    const direction = this.peekDirection();
    const frame = this.shiftFrame();
    return frame === undefined || direction === undefined ? undefined : { frame, direction };
  }

  /**
   * Drops every frame except uninterruptible ones (and those `keep` accepts); returns how many
   * were dropped.
   */
  dropInterruptible(keep?: (frame: Frame) => boolean): number {
    const mask = this.#frames.length - 1;
    let kept = 0;
    for (let offset = 0; offset < this.#length; offset++) {
      const from = (this.#head + offset) & mask;
      const frame = this.#frames[from];
      this.#frames[from] = undefined;
      if (frame && (frame.uninterruptible || keep?.(frame))) {
        const to = (this.#head + kept) & mask;
        this.#frames[to] = frame;
        this.#directions[to] = this.#directions[from] as FrameDirection;
        kept++;
      }
    }
    const dropped = this.#length - kept;
    this.#length = kept;
    return dropped;
  }

  /** Drops every frame. */
  clear(): void {
    if (this.#frames.length > INITIAL_CAPACITY_FRAMES) {
      this.#frames = new Array(INITIAL_CAPACITY_FRAMES).fill(undefined);
      this.#directions = new Array(INITIAL_CAPACITY_FRAMES).fill('downstream');
    } else {
      this.#frames.fill(undefined);
    }
    this.#head = 0;
    this.#length = 0;
  }

  #grow(): void {
    const capacity = this.#frames.length;
    const frames: (Frame | undefined)[] = new Array(capacity * 2).fill(undefined);
    const directions: FrameDirection[] = new Array(capacity * 2).fill('downstream');
    for (let offset = 0; offset < this.#length; offset++) {
      const from = (this.#head + offset) & (capacity - 1);
      frames[offset] = this.#frames[from];
      directions[offset] = this.#directions[from] as FrameDirection;
    }
    this.#frames = frames;
    this.#directions = directions;
    this.#head = 0;
  }
}
