/**
 * The messages the demo's cluster primary and its workers exchange over IPC. Every `type` starts
 * with `demo:`, so they never mix with `node:cluster`'s own messages.
 */

/** Worker → primary: its IPC listener is attached, so a `demo:drain` sent now is not lost. */
export interface WorkerReadyMessage {
  type: 'demo:ready';
}

/** Primary → worker: drain as on SIGTERM (the primary got `signal`). */
export interface DrainMessage {
  type: 'demo:drain';
  signal: NodeJS.Signals;
}

/** Worker → primary: this worker drains (on the primary's request or a signal of its own). */
export interface WorkerDrainingMessage {
  type: 'demo:draining';
}

/** Worker → primary: a `/metrics` scrape arrived; gather every worker's metrics. */
export interface GatherMetricsMessage {
  type: 'demo:gather-metrics';
  requestId: number;
}

/** One worker's metrics in a gathered scrape. */
export interface WorkerMetricsReport {
  /** The worker's id (`cluster.worker.id`), its `worker` label. */
  worker: string;
  /** Its metrics in the Prometheus text format; `undefined` when it did not answer in time. */
  text: string | undefined;
}

/** Primary → worker: the answer to `demo:gather-metrics`, one report per serving worker. */
export interface GatheredMetricsMessage {
  type: 'demo:gathered-metrics';
  requestId: number;
  reports: WorkerMetricsReport[];
}

/** Primary → worker: send your own metrics. */
export interface ReportMetricsMessage {
  type: 'demo:report-metrics';
  reportId: number;
}

/** Worker → primary: the answer to `demo:report-metrics`. */
export interface MetricsReportMessage {
  type: 'demo:metrics-report';
  reportId: number;
  text: string;
}

/** Any message of the demo's cluster. */
export type ClusterMessage =
  | WorkerReadyMessage
  | DrainMessage
  | WorkerDrainingMessage
  | GatherMetricsMessage
  | GatheredMetricsMessage
  | ReportMetricsMessage
  | MetricsReportMessage;

/** The message if `value` is one of type `type`, else `undefined`. */
export function messageOfType<Type extends ClusterMessage['type']>(
  value: unknown,
  type: Type,
): Extract<ClusterMessage, { type: Type }> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as { type?: unknown }).type === type
    ? (value as Extract<ClusterMessage, { type: Type }>)
    : undefined;
}
