import { describe, expect, it } from 'vitest';
import { demoMetricsFromText } from './demo-metrics-snapshot.js';

describe('demoMetricsFromText', () => {
  it('sums calls over providers and groups the per-reason and per-kind counters', () => {
    const text = [
      'demo_active_calls 1',
      'demo_calls_total{provider="twilio"} 3',
      'demo_calls_total{provider="telnyx"} 2',
      'demo_calls_ended_total{reason="remote-close"} 4',
      'demo_failed_call_setups_total{reason="unknown-protocol"} 7',
      'demo_protocol_errors_total{provider="twilio",kind="invalid-json"} 5',
      'demo_protocol_errors_total{provider="plivo",kind="invalid-json"} 1',
      'demo_refused_requests_total{route="/ws",reason="draining"} 2',
    ].join('\n');
    expect(demoMetricsFromText(text)).toEqual({
      callsStarted: 5,
      callsEndedByReason: { 'remote-close': 4 },
      activeCalls: 1,
      failedSetupsByReason: { 'unknown-protocol': 7 },
      protocolErrorsByKind: { 'invalid-json': 6 },
      refusedByReason: { draining: 2 },
    });
  });
});
