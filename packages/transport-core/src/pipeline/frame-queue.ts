import type { Frame } from '../frames/frame.js';
import type { FrameDirection } from './frame-direction.js';

/** A queued frame with the direction it travels. */
export interface QueuedFrame {
  readonly frame: Frame;
  readonly direction: FrameDirection;
}

const COMPACT_THRESHOLD = 64;

/**
 * FIFO of frames for one processor. `dropInterruptible()` empties it except for
 * uninterruptible frames (end, stop), which keep their order.
 */
export class FrameQueue {
  #items: QueuedFrame[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(frame: Frame, direction: FrameDirection): void {
    this.#items.push({ frame, direction });
  }

  shift(): QueuedFrame | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined as unknown as QueuedFrame;
    this.#head++;
    if (this.#head >= COMPACT_THRESHOLD && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Drops every frame except uninterruptible ones; returns how many were dropped. */
  dropInterruptible(): number {
    const kept = this.#items.slice(this.#head).filter((item) => item.frame.uninterruptible);
    const dropped = this.length - kept.length;
    this.#items = kept;
    this.#head = 0;
    return dropped;
  }

  /** Drops every frame. */
  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}
