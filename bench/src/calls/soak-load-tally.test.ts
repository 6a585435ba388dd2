import type { LoadReport } from '@x/phone-simulator';
import { describe, expect, it } from 'vitest';
import { addLoadReport, emptySoakLoadTally } from './soak-load-tally.js';

const NO_PERCENTILES = { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };

function report(overrides: {
  connected: number;
  failed: number;
  endedByBot?: number;
  errors?: { message: string; count: number }[];
}): LoadReport {
  return {
    provider: 'twilio',
    url: 'ws://127.0.0.1/media',
    calls: {
      requested: 1,
      connected: overrides.connected,
      failed: overrides.failed,
      completed: overrides.connected - (overrides.endedByBot ?? 0),
      endedByBot: overrides.endedByBot ?? 0,
      endedByError: 0,
      withoutBotAudio: 0,
    },
    timing: { callDurationMs: 1000, rampMs: 0, wallMs: 1000 },
    firstAudioMs: NO_PERCENTILES,
    outboundJitterMs: NO_PERCENTILES,
    sendLatenessMs: NO_PERCENTILES,
    underruns: { count: 2, totalMs: 40, gapMs: NO_PERCENTILES, callsAffected: 1 },
    botAudio: { receivedMs: 0, playedMs: 0, mediaMessages: 0 },
    protocolErrors: { count: 0, byRule: {} },
    errors: overrides.errors ?? [],
  };
}

describe('addLoadReport', () => {
  it('sums calls, early ends, underruns and errors by message over the reports', () => {
    const tally = emptySoakLoadTally();
    addLoadReport(tally, report({ connected: 1, failed: 0 }));
    addLoadReport(tally, report({ connected: 1, failed: 0, endedByBot: 1 }));
    addLoadReport(
      tally,
      report({ connected: 0, failed: 1, errors: [{ message: 'refused', count: 1 }] }),
    );
    addLoadReport(
      tally,
      report({ connected: 0, failed: 1, errors: [{ message: 'refused', count: 1 }] }),
    );
    expect(tally).toEqual({
      placed: 4,
      connected: 2,
      failed: 2,
      endedEarly: 1,
      protocolErrors: 0,
      underruns: 8,
      errors: [{ message: 'refused', count: 2 }],
    });
  });
});
