import { type DemoServerProcess, httpGet } from './demo-server-process.js';
import { metricByLabel, metricSum, parsePrometheusText } from './prometheus-text.js';

/** The demo's counters that tell whether every call ended, read from `/metrics`. */
export interface DemoMetricsSnapshot {
  /** `telephony_calls_started_total`, all providers. */
  callsStarted: number;
  /** `telephony_calls_ended_total` by reason (empty on a demo without that counter). */
  callsEndedByReason: Record<string, number>;
  /** `telephony_calls_active`. */
  activeCalls: number;
  /** `telephony_streams_refused_total` (streams closed before a call started) by reason. */
  failedSetupsByReason: Record<string, number>;
  /** `telephony_protocol_errors_total` by kind. */
  protocolErrorsByKind: Record<string, number>;
  /** `telephony_upgrades_refused_total` by reason. */
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
    callsStarted: metricSum(samples, 'telephony_calls_started_total'),
    callsEndedByReason: metricByLabel(samples, 'telephony_calls_ended_total', 'reason'),
    activeCalls: metricSum(samples, 'telephony_calls_active'),
    failedSetupsByReason: metricByLabel(samples, 'telephony_streams_refused_total', 'reason'),
    protocolErrorsByKind: metricByLabel(samples, 'telephony_protocol_errors_total', 'kind'),
    refusedByReason: metricByLabel(samples, 'telephony_upgrades_refused_total', 'reason'),
  };
}
