import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROMETHEUS_CONTENT_TYPE } from '@x/telephony-server';
import { messageOfType, type WorkerMetricsReport } from './cluster-messages.js';
import type { IpcChannel } from './ipc-channel.js';
import { mergeWorkerMetrics } from './merge-worker-metrics.js';
import { METRICS_REPORT_TIMEOUT_MS } from './worker-metrics-relay.js';

/**
 * How long a worker waits for the primary's gathered metrics, in milliseconds: the primary's
 * own wait for the workers, plus a margin for the messages.
 */
export const GATHERED_METRICS_TIMEOUT_MS = METRICS_REPORT_TIMEOUT_MS + 1_000;

/** Options of `clusterMetricsEndpoint`. */
export interface ClusterMetricsEndpointOptions {
  /** The worker's channel to the primary. */
  channel: IpcChannel;
  /** How long to wait for the primary, in milliseconds; default `GATHERED_METRICS_TIMEOUT_MS`. */
  timeoutMs?: number;
}

/** Answers `GET /metrics` in a worker. */
export type MetricsEndpoint = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * `GET /metrics` in a cluster worker: asks the primary for every worker's metrics
 * (`demo:gather-metrics`) and answers with them merged, each series labelled `worker="<id>"`.
 * Answers 503 if the primary does not answer within `timeoutMs`, 405 to methods other than
 * GET and HEAD.
 */
export function clusterMetricsEndpoint(options: ClusterMetricsEndpointOptions): MetricsEndpoint {
  const { channel } = options;
  const timeoutMs = options.timeoutMs ?? GATHERED_METRICS_TIMEOUT_MS;
  let nextRequestId = 1;

  const gather = (): Promise<WorkerMetricsReport[] | undefined> => {
    const requestId = nextRequestId++;
    return new Promise((resolve) => {
      const settle = (reports: WorkerMetricsReport[] | undefined) => {
        clearTimeout(timer);
        stopListening();
        resolve(reports);
      };
      const timer = setTimeout(() => settle(undefined), timeoutMs);
      const stopListening = channel.onMessage((message) => {
        const answer = messageOfType(message, 'demo:gathered-metrics');
        if (answer?.requestId === requestId) settle(answer.reports);
      });
      channel.send({ type: 'demo:gather-metrics', requestId });
    });
  };

  return async (request, response) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end(`Method ${method} not allowed on /metrics\n`);
      return;
    }
    const reports = await gather();
    if (reports === undefined) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The cluster primary did not answer: metrics are unavailable, try again.\n');
      return;
    }
    const body = mergeWorkerMetrics(reports);
    response.writeHead(200, {
      'content-type': PROMETHEUS_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
    });
    response.end(method === 'HEAD' ? undefined : body);
  };
}
