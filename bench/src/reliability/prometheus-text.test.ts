import { describe, expect, it } from 'vitest';
import {
  countDifference,
  metricByLabel,
  metricSum,
  parsePrometheusText,
} from './prometheus-text.js';

const EXPOSITION = `# HELP demo_active_calls Calls connected now.
# TYPE demo_active_calls gauge
demo_active_calls 2
# HELP demo_calls_total Calls started, by provider.
# TYPE demo_calls_total counter
demo_calls_total{provider="twilio"} 5
demo_calls_total{provider="plivo"} 3
demo_calls_ended_total{reason="remote-close"} 4
demo_calls_ended_total{reason="bot-ended"} 2
demo_protocol_errors_total{provider="twilio",kind="a \\"quoted\\" kind"} 1
`;

describe('parsePrometheusText', () => {
  it('reads names, labels (unescaped) and values, and skips comments', () => {
    const samples = parsePrometheusText(EXPOSITION);
    expect(samples).toHaveLength(6);
    expect(samples[0]).toEqual({ name: 'demo_active_calls', labels: {}, value: 2 });
    expect(samples[5]!.labels).toEqual({ provider: 'twilio', kind: 'a "quoted" kind' });
  });
});

describe('metricSum', () => {
  it('sums every sample of a name, or only those with the given labels', () => {
    const samples = parsePrometheusText(EXPOSITION);
    expect(metricSum(samples, 'demo_calls_total')).toBe(8);
    expect(metricSum(samples, 'demo_calls_total', { provider: 'plivo' })).toBe(3);
    expect(metricSum(samples, 'demo_missing_total')).toBe(0);
  });
});

describe('metricByLabel and countDifference', () => {
  it('group a counter by one label and give what changed between two readings', () => {
    const before = metricByLabel(
      parsePrometheusText(EXPOSITION),
      'demo_calls_ended_total',
      'reason',
    );
    expect(before).toEqual({ 'remote-close': 4, 'bot-ended': 2 });
    const after = { 'remote-close': 10, 'bot-ended': 2, error: 1 };
    expect(countDifference(before, after)).toEqual({ 'remote-close': 6, error: 1 });
  });
});
