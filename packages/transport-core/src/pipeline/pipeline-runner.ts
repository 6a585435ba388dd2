import { type Logger, silentLogger } from '../logging/logger.js';
import type { PipelineTask } from './pipeline-task.js';

/** Signals `PipelineRunner` can handle. */
export type PipelineRunnerSignal = 'SIGINT' | 'SIGTERM';

/** The part of Node's `process` the runner uses to watch signals; `process` itself fits. */
export interface SignalSource {
  on(signal: PipelineRunnerSignal, listener: (signal: PipelineRunnerSignal) => void): unknown;
  off(signal: PipelineRunnerSignal, listener: (signal: PipelineRunnerSignal) => void): unknown;
}

/** Options of `PipelineRunner`. */
export interface PipelineRunnerOptions {
  /** Cancel running tasks on SIGINT (Ctrl-C). Default false. */
  handleSigint?: boolean;
  /** Cancel running tasks on SIGTERM. Default false. */
  handleSigterm?: boolean;
  /** Logger for signal handling. */
  logger?: Logger;
  /** The process whose signals are watched; injectable for tests. Default `process`. */
  process?: SignalSource;
}

type Signal = PipelineRunnerSignal;

/**
 * Runs pipeline tasks to completion, optionally cancelling them on SIGINT / SIGTERM. Signal
 * handlers are installed while at least one task runs and removed afterwards.
 */
export class PipelineRunner {
  readonly #signals: Signal[];
  readonly #logger: Logger;
  readonly #process: SignalSource;
  readonly #running = new Set<PipelineTask>();
  readonly #onSignal = (signal: Signal): void => {
    this.#logger.info({ signal, tasks: this.#running.size }, 'signal received; cancelling tasks');
    for (const task of this.#running) void task.cancel(signal);
  };

  constructor(options: PipelineRunnerOptions = {}) {
    this.#signals = [];
    if (options.handleSigint) this.#signals.push('SIGINT');
    if (options.handleSigterm) this.#signals.push('SIGTERM');
    this.#logger = options.logger ?? silentLogger;
    this.#process = options.process ?? process;
  }

  /** Number of tasks running now. */
  get runningTasks(): number {
    return this.#running.size;
  }

  /** Runs `task` until it finishes. */
  async run(task: PipelineTask): Promise<void> {
    if (this.#running.size === 0) {
      for (const signal of this.#signals) this.#process.on(signal, this.#onSignal);
    }
    this.#running.add(task);
    try {
      await task.run();
    } finally {
      this.#running.delete(task);
      if (this.#running.size === 0) {
        for (const signal of this.#signals) this.#process.off(signal, this.#onSignal);
      }
    }
  }

  /** Cancels every running task and waits for them to finish. */
  async cancelAll(reason?: string): Promise<void> {
    await Promise.all([...this.#running].map((task) => task.cancel(reason)));
  }
}
