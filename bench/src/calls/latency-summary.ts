import { percentile } from '../reliability/statistics.js';
import type { DelayPercentiles } from './ipc-messages.js';

/** Count, p50, p99 (nearest rank) and max of latencies in ms; all 0 when there are none. */
export function latencySummary(valuesMs: readonly number[]): DelayPercentiles {
  if (valuesMs.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  const sorted = [...valuesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1]!,
  };
}
