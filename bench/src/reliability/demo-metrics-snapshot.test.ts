import { describe, expect, it } from 'vitest';
import { demoMetricsFromText } from './demo-metrics-snapshot.js';

describe('demoMetricsFromText', () => {
  it('sums calls over providers and groups the per-reason and per-kind counters', () => {
    const text = [
      'telephony_calls_active 1',
      'telephony_calls_started_total{provider="twilio"} 3',
      'telephony_calls_started_total{provider="telnyx"} 2',
      'telephony_calls_ended_total{provider="twilio",reason="remote-close"} 3',
      'telephony_calls_ended_total{provider="telnyx",reason="remote-close"} 1',
      'telephony_streams_refused_total{provider="unknown",reason="unknown-protocol"} 7',
      'telephony_protocol_errors_total{provider="twilio",kind="invalid-json"} 5',
      'telephony_protocol_errors_total{provider="plivo",kind="invalid-json"} 1',
      'telephony_upgrades_refused_total{reason="draining"} 2',
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
