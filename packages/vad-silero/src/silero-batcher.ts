import type { Clock, TimerHandle } from '@x/transport-core';
import { sharedSileroModel } from './onnx-silero-model.js';
import { SileroBatchLane, type SileroBatchStats } from './silero-batch-lane.js';
import type { SileroModel } from './silero-model.js';
import type { SileroStream } from './silero-stream.js';
import { SILERO_WINDOW_MS } from './silero-window-shape.js';

/** Options of a `SileroBatcher`. */
export interface SileroBatcherOptions {
  /** Most windows run together in one inference. */
  maxBatchSize: number;
  /**
   * Longest a window waits for other calls' windows before its batch runs, in milliseconds
   * (0: the next turn of the event loop); less than one 32 ms window.
   */
  maxWaitMs: number;
  /** Time and timers (tests inject a manual clock). */
  clock: Clock;
  /** The model that runs the batches; `undefined`: the process-wide one. */
  model: SileroModel | undefined;
}

interface BatchTimer {
  immediate?: ReturnType<typeof setImmediate>;
  timeout?: ReturnType<typeof setTimeout>;
}

/**
 * Time and timers of the batcher: `performance.now()`, and timers that keep the process alive
 * while windows wait (a waiting window is work someone awaits; the wait is at most `maxWaitMs`).
 * A delay of 0 runs on the next turn of the event loop (`setImmediate`), after the I/O of this
 * turn has added its windows.
 */
export const SILERO_BATCH_CLOCK: Clock = Object.freeze({
  now: () => performance.now(),
  setTimeout: (callback: () => void, delayMs: number): TimerHandle =>
    delayMs <= 0
      ? ({ immediate: setImmediate(callback) } satisfies BatchTimer)
      : ({ timeout: setTimeout(callback, delayMs) } satisfies BatchTimer),
  clearTimeout: (handle: TimerHandle): void => {
    const timer = handle as BatchTimer | undefined;
    if (timer?.immediate) clearImmediate(timer.immediate);
    if (timer?.timeout) clearTimeout(timer.timeout);
  },
});

/**
 * Default largest batch: with the rearranged (MatMul) graphs, CPU per window stops falling at
 * about 32–64 windows (about 10 µs at 8 kHz against 62 µs alone); 128 windows run in about
 * 1.2 ms at 8 kHz, 2 ms at 16 kHz.
 */
const DEFAULT_MAX_BATCH_SIZE = 128;
/**
 * Default longest wait for other calls' windows, in milliseconds. With 20 ms frames at random
 * phases, 4–8 ms collects most of the saving (mean batch about 45 at 100 calls) while the wait
 * plus a full batch's inference stays under one 20 ms frame, so the VAD never falls behind.
 */
const DEFAULT_MAX_WAIT_MS = 8;

/** Defaults of `SileroBatcherOptions`: batches of up to 128 windows, waiting at most 8 ms. */
export const DEFAULT_SILERO_BATCHER_OPTIONS: Readonly<SileroBatcherOptions> = Object.freeze({
  maxBatchSize: DEFAULT_MAX_BATCH_SIZE,
  maxWaitMs: DEFAULT_MAX_WAIT_MS,
  clock: SILERO_BATCH_CLOCK,
  model: undefined,
});

/**
 * Runs the windows of many calls as one inference (the model's batch dimension), one lane per
 * sample rate. A batch runs when it is full, when every call active in the last 250 ms has a
 * window in it (so a lone call never waits), or `maxWaitMs` after its first window. Each call's
 * windows stay in order: its analyzer awaits one window before sending the next.
 *
 * Batching is exact: each row keeps its own recurrent state and context, so a call gets the
 * same probabilities whichever calls share its batches.
 */
export class SileroBatcher {
  readonly #maxBatchSize: number;
  readonly #maxWaitMs: number;
  readonly #clock: Clock;
  readonly #model: SileroModel;
  readonly #lanes = new Map<number, SileroBatchLane>();
  readonly #stats: SileroBatchStats = { runs: 0, windows: 0, largestBatch: 0 };

  /** @throws RangeError naming an option that is out of range. */
  constructor(options: Partial<SileroBatcherOptions> = {}) {
    const resolved = { ...DEFAULT_SILERO_BATCHER_OPTIONS, ...withoutUndefined(options) };
    if (!Number.isInteger(resolved.maxBatchSize) || resolved.maxBatchSize < 1) {
      throw new RangeError(
        `SileroBatcher maxBatchSize must be an integer ≥ 1, got ${resolved.maxBatchSize}`,
      );
    }
    if (!(resolved.maxWaitMs >= 0 && resolved.maxWaitMs < SILERO_WINDOW_MS)) {
      throw new RangeError(
        `SileroBatcher maxWaitMs must be from 0 to less than one ${SILERO_WINDOW_MS} ms window, got ${resolved.maxWaitMs}`,
      );
    }
    this.#maxBatchSize = resolved.maxBatchSize;
    this.#maxWaitMs = resolved.maxWaitMs;
    this.#clock = resolved.clock;
    this.#model = resolved.model ?? sharedSileroModel();
  }

  /** The model that runs the batches. */
  get model(): SileroModel {
    return this.#model;
  }

  /** Inferences run, windows analysed and the largest batch so far (a snapshot). */
  get stats(): Readonly<SileroBatchStats> {
    return { ...this.#stats };
  }

  /**
   * Queues `stream`'s next window (PCM16 at the stream's rate) and resolves with its speech
   * probability. Used by `SileroVADAnalyzer`; a stream must await each window before the next.
   */
  analyze(stream: SileroStream, window: Int16Array): Promise<number> {
    const shape = stream.shape;
    if (!shape) throw new Error('SileroBatcher: the stream has no sample rate yet');
    let lane = this.#lanes.get(shape.sampleRate);
    if (!lane) {
      lane = new SileroBatchLane({
        shape,
        maxBatchSize: this.#maxBatchSize,
        maxWaitMs: this.#maxWaitMs,
        clock: this.#clock,
        model: this.#model,
        stats: this.#stats,
      });
      this.#lanes.set(shape.sampleRate, lane);
    }
    return lane.submit(stream, window);
  }
}

function withoutUndefined<T extends object>(options: Partial<T>): Partial<T> {
  const result: Partial<T> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}

let shared: SileroBatcher | undefined;

/** The process-wide batcher every batching analyzer uses by default (default options). */
export function sharedSileroBatcher(): SileroBatcher {
  shared ??= new SileroBatcher();
  return shared;
}
