import { FRAME_DURATION_MS } from '../audio/caller-audio.js';

/** When queued caller audio went out, in call time. */
export interface SentAudio {
  /** Call time of its first frame. */
  startMs: number;
  /** Call time just after its last frame. */
  endMs: number;
  /** False when the call ended before all of it was sent. */
  completed: boolean;
}

interface QueuedAudio {
  /** Base64 frames, or undefined for silence. */
  readonly frames: readonly string[] | undefined;
  readonly count: number;
  sent: number;
  startMs: number;
  readonly resolve: (sent: SentAudio) => void;
}

/**
 * What the caller says next, one 20 ms frame at a time: queued audio in order, and silence
 * whenever nothing is queued (a phone line never goes quiet on the wire).
 */
export class CallerStream {
  readonly #silencePayload: string;
  readonly #onDrained: (atMs: number) => void;
  #queue: QueuedAudio[] = [];

  /** `onDrained` is called when the last queued frame has been taken. */
  constructor(silencePayload: string, onDrained: (atMs: number) => void) {
    this.#silencePayload = silencePayload;
    this.#onDrained = onDrained;
  }

  /** True while audio (or explicit silence) is waiting to be sent. */
  get hasQueuedAudio(): boolean {
    return this.#queue.length > 0;
  }

  /** Queues `frames` (or `frames` frames of silence when a number); resolves once all are sent. */
  enqueue(frames: readonly string[] | number, nowMs: number): Promise<SentAudio> {
    const count = typeof frames === 'number' ? frames : frames.length;
    if (count === 0) return Promise.resolve({ startMs: nowMs, endMs: nowMs, completed: true });
    return new Promise((resolve) => {
      this.#queue.push({
        frames: typeof frames === 'number' ? undefined : frames,
        count,
        sent: 0,
        startMs: 0,
        resolve,
      });
    });
  }

  /** The payload of the frame that starts at call time `frameStartMs`. */
  next(frameStartMs: number): string {
    const item = this.#queue[0];
    if (!item) return this.#silencePayload;
    if (item.sent === 0) item.startMs = frameStartMs;
    const payload = item.frames ? item.frames[item.sent]! : this.#silencePayload;
    item.sent++;
    if (item.sent === item.count) {
      this.#queue.shift();
      const endMs = frameStartMs + FRAME_DURATION_MS;
      item.resolve({ startMs: item.startMs, endMs, completed: true });
      if (this.#queue.length === 0) this.#onDrained(endMs);
    }
    return payload;
  }

  /** Drops everything queued, resolving each with `completed: false`. */
  cancel(nowMs: number): void {
    const queue = this.#queue;
    this.#queue = [];
    for (const item of queue) {
      item.resolve({
        startMs: item.sent > 0 ? item.startMs : nowMs,
        endMs: nowMs,
        completed: false,
      });
    }
  }
}
