import { type DemoServerProcess, httpGet } from './demo-server-process.js';
import { metricByLabel, metricSum, parsePrometheusText } from './prometheus-text.js';

/** The demo's counters that tell whether every call ended, read from `/metrics`. */
export interface DemoMetricsSnapshot {
  /** `demo_calls_total`, all providers. */
  callsStarted: number;
  /** `demo_calls_ended_total` by reason (empty on a demo without that counter). */
  callsEndedByReason: Record<string, number>;
  /** `demo_active_calls`. */
  activeCalls: number;
  /** `demo_failed_call_setups_total` by reason. */
  failedSetupsByReason: Record<string, number>;
  /** `demo_protocol_errors_total` by kind. */
  protocolErrorsByKind: Record<string, number>;
  /** `demo_refused_requests_total` by reason. */
  refusedByReason: Record<string, number>;
}

/** Reads the demo's counters; undefined when `/metrics` does not answer 200. */
export async function readDemoMetrics(
  demo: DemoServerProcess,
): Promise<DemoMetricsSnapshot | undefined> {
  const { status, body } = await httpGet(`${demo.url}/metrics`);
  if (status !== 200) return undefined;
  return demoMetricsFromText(body);
}

/** The counters of a `/metrics` text. */
export function demoMetricsFromText(text: string): DemoMetricsSnapshot {
  const samples = parsePrometheusText(text);
  return {
    callsStarted: metricSum(samples, 'demo_calls_total'),
    callsEndedByReason: metricByLabel(samples, 'demo_calls_ended_total', 'reason'),
    activeCalls: metricSum(samples, 'demo_active_calls'),
    failedSetupsByReason: metricByLabel(samples, 'demo_failed_call_setups_total', 'reason'),
    protocolErrorsByKind: metricByLabel(samples, 'demo_protocol_errors_total', 'kind'),
    refusedByReason: metricByLabel(samples, 'demo_refused_requests_total', 'reason'),
  };
}
