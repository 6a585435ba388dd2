import type { Clock, TimerHandle } from '@x/transport-core';
import type { SileroModel } from './silero-model.js';
import type { SileroStream } from './silero-stream.js';
import { SILERO_STATE_SIZE, type SileroWindowShape } from './silero-window-shape.js';

/**
 * How long a stream counts as taking part after its latest window, in milliseconds. A batch
 * that holds a window of every such stream runs at once: no one else can add to it. (A stream
 * has at most one window in flight, and calls deliver a window every 32 ms; the horizon also
 * covers clients that send audio in larger packets.)
 */
export const ACTIVE_STREAM_HORIZON_MS = 250;

/** Counters of a batcher, for benchmarks and metrics. */
export interface SileroBatchStats {
  /** Inferences run. */
  runs: number;
  /** Windows analysed (the sum of the batch sizes). */
  windows: number;
  /** Largest batch run. */
  largestBatch: number;
}

/** One window waiting for (or in) a batch. */
interface PendingWindow {
  stream: SileroStream | undefined;
  generation: number;
  resolve: (probability: number) => void;
  reject: (error: unknown) => void;
}

function ignore(): void {}

/** Buffers of one batch, reused from batch to batch. */
class BatchBuffers {
  readonly input: Float32Array;
  readonly state: Float32Array;
  readonly windows: PendingWindow[] = [];
  count = 0;

  constructor(maxBatchSize: number, shape: SileroWindowShape) {
    this.input = new Float32Array(maxBatchSize * shape.inputSamples);
    this.state = new Float32Array(maxBatchSize * SILERO_STATE_SIZE);
  }

  /** The entry for the next window (entries are reused). */
  next(): PendingWindow {
    const index = this.count++;
    let entry = this.windows[index];
    if (!entry) {
      entry = { stream: undefined, generation: 0, resolve: ignore, reject: ignore };
      this.windows[index] = entry;
    }
    return entry;
  }
}

/** What a lane needs from its batcher. */
export interface SileroBatchLaneSettings {
  readonly shape: SileroWindowShape;
  readonly maxBatchSize: number;
  readonly maxWaitMs: number;
  readonly clock: Clock;
  readonly model: SileroModel;
  readonly stats: SileroBatchStats;
}

/**
 * Batches the windows of one sample rate. A window joins the batch being filled; the batch is
 * closed when it is full, when every active stream has a window in it, or `maxWaitMs` after its
 * first window, whichever comes first. Closed batches run one at a time, in order (inference
 * runs on the main thread anyway); windows that arrive meanwhile fill the next batch. Buffers
 * are reused from batch to batch.
 */
export class SileroBatchLane {
  readonly #settings: SileroBatchLaneSettings;
  #filling: BatchBuffers;
  /** Closed batches waiting to run, oldest first. */
  readonly #closed: BatchBuffers[] = [];
  /** Buffers of batches that have run, for reuse. */
  readonly #free: BatchBuffers[] = [];
  #running = false;
  #timer: TimerHandle | undefined;
  /** Streams by the time of their latest window, oldest first. */
  readonly #recent = new Map<SileroStream, number>();

  constructor(settings: SileroBatchLaneSettings) {
    this.#settings = settings;
    this.#filling = new BatchBuffers(settings.maxBatchSize, settings.shape);
  }

  /** Adds `stream`'s next window; resolves with its speech probability. */
  submit(stream: SileroStream, window: Int16Array): Promise<number> {
    const settings = this.#settings;
    const batch = this.#filling;
    const row = batch.count;
    const entry = batch.next();
    stream.writeInput(window, batch.input, row * settings.shape.inputSamples);
    entry.stream = stream;
    entry.generation = stream.generation;
    const probability = new Promise<number>((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    const activeStreams = this.#noteActive(stream);
    if (batch.count >= settings.maxBatchSize || batch.count >= activeStreams) {
      this.#close();
    } else if (batch.count === 1) {
      this.#timer = settings.clock.setTimeout(this.#onTimer, settings.maxWaitMs);
    }
    return probability;
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#close();
  };

  /** Records `stream` as active now; returns how many streams are active. */
  #noteActive(stream: SileroStream): number {
    const now = this.#settings.clock.now();
    const recent = this.#recent;
    recent.delete(stream);
    recent.set(stream, now);
    for (const [candidate, lastMs] of recent) {
      if (now - lastMs <= ACTIVE_STREAM_HORIZON_MS) break;
      recent.delete(candidate);
    }
    return recent.size;
  }

  /** Closes the batch being filled and runs it as soon as the batches before it have run. */
  #close(): void {
    const settings = this.#settings;
    if (this.#timer !== undefined) {
      settings.clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#filling.count === 0) return;
    this.#closed.push(this.#filling);
    this.#filling = this.#free.pop() ?? new BatchBuffers(settings.maxBatchSize, settings.shape);
    if (!this.#running) void this.#runClosed();
  }

  async #runClosed(): Promise<void> {
    this.#running = true;
    try {
      let batch = this.#closed.shift();
      while (batch) {
        await this.#run(batch);
        this.#free.push(batch);
        batch = this.#closed.shift();
      }
    } finally {
      this.#running = false;
    }
  }

  async #run(batch: BatchBuffers): Promise<void> {
    const batchSize = batch.count;
    const { shape, model, stats } = this.#settings;
    const windows = batch.windows;
    for (let row = 0; row < batchSize; row++) {
      windows[row]!.stream!.putState(batch.state, batchSize, row);
    }
    stats.runs++;
    stats.windows += batchSize;
    if (batchSize > stats.largestBatch) stats.largestBatch = batchSize;
    try {
      const output = await model.run({
        sampleRate: shape.sampleRate,
        batchSize,
        input: batch.input.subarray(0, batchSize * shape.inputSamples),
        state: batch.state.subarray(0, batchSize * SILERO_STATE_SIZE),
      });
      for (let row = 0; row < batchSize; row++) {
        const entry = windows[row]!;
        entry.stream!.takeState(output.state, batchSize, row, entry.generation);
        entry.resolve(output.probabilities[row]!);
      }
    } catch (error) {
      for (let row = 0; row < batchSize; row++) windows[row]!.reject(error);
    } finally {
      for (let row = 0; row < batchSize; row++) {
        const entry = windows[row]!;
        entry.stream = undefined;
        entry.resolve = ignore;
        entry.reject = ignore;
      }
      batch.count = 0;
    }
  }
}
