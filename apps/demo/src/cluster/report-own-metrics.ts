import { messageOfType } from './cluster-messages.js';
import type { IpcChannel } from './ipc-channel.js';

/**
 * A worker's answer to the primary's `demo:report-metrics`: its own metrics, unlabelled (the
 * asking worker adds `worker="<id>"` when it merges). Returns the function that stops answering.
 * @param renderOwnMetrics this worker's metrics in the Prometheus text format
 */
export function reportOwnMetrics(channel: IpcChannel, renderOwnMetrics: () => string): () => void {
  return channel.onMessage((message) => {
    const request = messageOfType(message, 'demo:report-metrics');
    if (request === undefined) return;
    channel.send({
      type: 'demo:metrics-report',
      reportId: request.reportId,
      text: renderOwnMetrics(),
    });
  });
}
