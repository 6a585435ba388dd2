import { messageOfType, type WorkerMetricsReport } from './cluster-messages.js';
import type { IpcChannel } from './ipc-channel.js';

/**
 * How long the primary waits for each worker's metrics, in milliseconds: a stuck worker delays
 * a scrape by this much at most (Prometheus' default scrape timeout is 10 s).
 */
export const METRICS_REPORT_TIMEOUT_MS = 2_000;

/** A worker as the relay sees it. */
export interface RelayWorker {
  /** Its id, its `worker` label. */
  readonly id: number;
  /** Its IPC channel. */
  readonly channel: IpcChannel;
}

/** Options of `WorkerMetricsRelay`. */
export interface WorkerMetricsRelayOptions {
  /** The workers to ask at each scrape: those serving now. */
  workers: () => Iterable<RelayWorker>;
  /** How long to wait for each worker's report, in milliseconds. */
  reportTimeoutMs?: number;
  /** Timer functions; default the global ones. */
  timers?: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>;
}

/** One report the relay waits for. */
interface PendingReport {
  resolve(text: string | undefined): void;
}

/**
 * The primary's part in `/metrics`: when a worker asks (`demo:gather-metrics`), asks every
 * serving worker for its own metrics (`demo:report-metrics`), waits up to `reportTimeoutMs`,
 * and answers with every report, `undefined` for the workers that did not answer. It only
 * relays text; the asking worker merges it (`mergeWorkerMetrics`).
 */
export class WorkerMetricsRelay {
  readonly #workers: () => Iterable<RelayWorker>;
  readonly #reportTimeoutMs: number;
  readonly #timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>;
  readonly #pending = new Map<number, PendingReport>();
  #nextReportId = 1;

  constructor(options: WorkerMetricsRelayOptions) {
    this.#workers = options.workers;
    this.#reportTimeoutMs = options.reportTimeoutMs ?? METRICS_REPORT_TIMEOUT_MS;
    this.#timers = options.timers ?? globalThis;
  }

  /** Reports still awaited (0 once every scrape is answered). */
  get pendingReports(): number {
    return this.#pending.size;
  }

  /** Handles `message` from worker `from` if it is the relay's; returns whether it was. */
  handle(from: RelayWorker, message: unknown): boolean {
    const gather = messageOfType(message, 'demo:gather-metrics');
    if (gather) {
      void this.gather().then((reports) =>
        from.channel.send({ type: 'demo:gathered-metrics', requestId: gather.requestId, reports }),
      );
      return true;
    }
    const report = messageOfType(message, 'demo:metrics-report');
    if (report) {
      this.#pending.get(report.reportId)?.resolve(String(report.text));
      return true;
    }
    return false;
  }

  /** Every serving worker's metrics, in worker order, `undefined` where one did not answer. */
  async gather(): Promise<WorkerMetricsReport[]> {
    const workers = [...this.#workers()].sort((a, b) => a.id - b.id);
    const texts = await Promise.all(workers.map((worker) => this.#reportOf(worker)));
    return workers.map((worker, index) => ({ worker: String(worker.id), text: texts[index] }));
  }

  #reportOf(worker: RelayWorker): Promise<string | undefined> {
    const reportId = this.#nextReportId++;
    return new Promise((resolve) => {
      const timer = this.#timers.setTimeout(() => settle(undefined), this.#reportTimeoutMs);
      const settle = (text: string | undefined) => {
        this.#timers.clearTimeout(timer);
        this.#pending.delete(reportId);
        resolve(text);
      };
      this.#pending.set(reportId, { resolve: settle });
      worker.channel.send({ type: 'demo:report-metrics', reportId });
    });
  }
}
