import type { Frame } from '../../frames/frame.js';
import { TextFrame } from '../../frames/transport-frames.js';
import type { FrameDirection } from '../frame-direction.js';
import { FrameProcessor, type FrameProcessorOptions } from '../frame-processor.js';

/** A promise with its resolve function exposed. */
export class Deferred<T = void> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (reason: unknown) => void;
  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

/** A promise that never settles, for processors that hang. */
export const NEVER: Promise<never> = new Promise<never>(() => {});

/** How a recorded frame is shown in assertions: `TextFrame(hello)` for text, else its type. */
export function labelOf(frame: Frame): string {
  return TextFrame.is(frame) ? `TextFrame(${frame.text})` : frame.type;
}

/** Records every frame it processes (with its direction) and passes it on. */
export class RecordingProcessor extends FrameProcessor {
  readonly seen: { frame: Frame; direction: FrameDirection }[] = [];

  /** Labels of the frames seen travelling in `direction`. */
  labels(direction: FrameDirection = 'downstream'): string[] {
    return this.seen
      .filter((item) => item.direction === direction)
      .map((item) => labelOf(item.frame));
  }

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    this.seen.push({ frame, direction });
    this.pushFrame(frame, direction);
  }
}

/**
 * Holds every data and control frame until the test releases it (one `Deferred` per frame, in
 * order), then passes it on. System frames pass at once.
 */
export class SlowProcessor extends FrameProcessor {
  /** Labels of the data and control frames whose handling began. */
  readonly began: string[] = [];
  readonly #gates: Deferred[] = [];

  constructor(options: FrameProcessorOptions = {}) {
    super(options);
  }

  /** Number of handlers waiting for `releaseNext()`. */
  get waiting(): number {
    return this.#gates.length;
  }

  /** Lets the oldest held frame go on. */
  releaseNext(): void {
    this.#gates.shift()?.resolve();
  }

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (frame.kind === 'system') {
      this.pushFrame(frame, direction);
      return;
    }
    this.began.push(labelOf(frame));
    const gate = new Deferred();
    this.#gates.push(gate);
    await gate.promise;
    this.pushFrame(frame, direction);
  }
}

/** Records cleanup calls; optionally fails or hangs in cleanup. */
export class CleanupProbe extends FrameProcessor {
  cleanedUp = 0;
  readonly #behaviour: 'ok' | 'throw' | 'reject' | 'hang';

  constructor(behaviour: 'ok' | 'throw' | 'reject' | 'hang' = 'ok') {
    super();
    this.#behaviour = behaviour;
  }

  override cleanup(): Promise<void> {
    this.cleanedUp++;
    if (this.#behaviour === 'throw') throw new Error('cleanup threw synchronously');
    if (this.#behaviour === 'reject') return Promise.reject(new Error('cleanup rejected'));
    if (this.#behaviour === 'hang') return NEVER;
    return super.cleanup();
  }
}

/** Text frames with the given texts. */
export function texts(...values: string[]): TextFrame[] {
  return values.map((value) => new TextFrame(value));
}
