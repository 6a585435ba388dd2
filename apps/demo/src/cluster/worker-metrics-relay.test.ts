import { describe, expect, it } from 'vitest';
import type { ClusterMessage } from './cluster-messages.js';
import type { IpcChannel } from './ipc-channel.js';
import { type RelayWorker, WorkerMetricsRelay } from './worker-metrics-relay.js';

/** How long the tests let the relay wait for a silent worker, in milliseconds. */
const REPORT_TIMEOUT_MS = 50;

/** A worker whose channel records what the primary sent it, and answers reports if `answers`. */
function fakeWorker(
  id: number,
  answers: boolean,
  relay: () => WorkerMetricsRelay,
): RelayWorker & { sent: ClusterMessage[] } {
  const sent: ClusterMessage[] = [];
  const worker = {
    id,
    sent,
    channel: {
      send: (message: ClusterMessage) => {
        sent.push(message);
        if (answers && message.type === 'demo:report-metrics') {
          queueMicrotask(() =>
            relay().handle(worker, {
              type: 'demo:metrics-report',
              reportId: message.reportId,
              text: `up_total ${id}\n`,
            }),
          );
        }
      },
      onMessage: () => () => {},
    } satisfies IpcChannel,
  };
  return worker;
}

describe('WorkerMetricsRelay', () => {
  it("answers a worker's scrape with every worker's report, and undefined for one that stays silent", async () => {
    let relay: WorkerMetricsRelay | undefined;
    const workers = [
      fakeWorker(2, true, () => relay!),
      fakeWorker(1, true, () => relay!),
      fakeWorker(3, false, () => relay!),
    ];
    relay = new WorkerMetricsRelay({ workers: () => workers, reportTimeoutMs: REPORT_TIMEOUT_MS });
    const asking = workers[0]!;
    expect(relay.handle(asking, { type: 'demo:gather-metrics', requestId: 7 })).toBe(true);

    await expect
      .poll(() => asking.sent.find((message) => message.type === 'demo:gathered-metrics'))
      .toEqual({
        type: 'demo:gathered-metrics',
        requestId: 7,
        reports: [
          { worker: '1', text: 'up_total 1\n' },
          { worker: '2', text: 'up_total 2\n' },
          { worker: '3', text: undefined },
        ],
      });
    expect(relay.pendingReports).toBe(0);
  });

  it('leaves messages that are not about metrics to the caller', () => {
    const relay = new WorkerMetricsRelay({ workers: () => [] });
    const worker = fakeWorker(1, true, () => relay);
    expect(relay.handle(worker, { type: 'demo:ready' })).toBe(false);
    expect(relay.handle(worker, 'hello')).toBe(false);
  });
});
