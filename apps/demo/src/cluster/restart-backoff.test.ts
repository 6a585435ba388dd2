import { describe, expect, it } from 'vitest';
import { MAX_RESTART_DELAY_MS, RestartBackoff, STABLE_UPTIME_MS } from './restart-backoff.js';

describe('RestartBackoff', () => {
  it('doubles the delay for each worker that dies soon after starting, up to the longest delay', () => {
    const backoff = new RestartBackoff();
    const delays = Array.from({ length: 8 }, () => backoff.delayAfterDeathMs(100));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(Math.max(...delays)).toBe(MAX_RESTART_DELAY_MS);
  });

  it('starts over after a worker served for a while', () => {
    const backoff = new RestartBackoff();
    backoff.delayAfterDeathMs(100);
    backoff.delayAfterDeathMs(100);
    expect(backoff.delayAfterDeathMs(STABLE_UPTIME_MS)).toBe(1_000);
    expect(backoff.delayAfterDeathMs(100)).toBe(2_000);
  });
});
