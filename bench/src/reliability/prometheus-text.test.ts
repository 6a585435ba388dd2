import { describe, expect, it } from 'vitest';
import {
  countDifference,
  metricByLabel,
  metricSum,
  parsePrometheusText,
} from './prometheus-text.js';

const EXPOSITION = `# HELP telephony_calls_active Calls in progress now.
# TYPE telephony_calls_active gauge
telephony_calls_active 2
# HELP telephony_calls_started_total Calls started, by provider.
# TYPE telephony_calls_started_total counter
telephony_calls_started_total{provider="twilio"} 5
telephony_calls_started_total{provider="plivo"} 3
telephony_calls_ended_total{reason="remote-close"} 4
telephony_calls_ended_total{reason="ended"} 2
telephony_protocol_errors_total{provider="twilio",kind="a \\"quoted\\" kind"} 1
`;

describe('parsePrometheusText', () => {
  it('reads names, labels (unescaped) and values, and skips comments', () => {
    const samples = parsePrometheusText(EXPOSITION);
    expect(samples).toHaveLength(6);
    expect(samples[0]).toEqual({ name: 'telephony_calls_active', labels: {}, value: 2 });
    expect(samples[5]!.labels).toEqual({ provider: 'twilio', kind: 'a "quoted" kind' });
  });
});

describe('metricSum', () => {
  it('sums every sample of a name, or only those with the given labels', () => {
    const samples = parsePrometheusText(EXPOSITION);
    expect(metricSum(samples, 'telephony_calls_started_total')).toBe(8);
    expect(metricSum(samples, 'telephony_calls_started_total', { provider: 'plivo' })).toBe(3);
    expect(metricSum(samples, 'telephony_missing_total')).toBe(0);
  });
});

describe('metricByLabel and countDifference', () => {
  it('group a counter by one label and give what changed between two readings', () => {
    const before = metricByLabel(
      parsePrometheusText(EXPOSITION),
      'telephony_calls_ended_total',
      'reason',
    );
    expect(before).toEqual({ 'remote-close': 4, ended: 2 });
    const after = { 'remote-close': 10, ended: 2, error: 1 };
    expect(countDifference(before, after)).toEqual({ 'remote-close': 6, error: 1 });
  });
});
