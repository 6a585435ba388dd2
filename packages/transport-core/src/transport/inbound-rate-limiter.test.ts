import { describe, expect, it } from 'vitest';
import { INBOUND_RATE_BURST_SECS, InboundRateLimiter } from './inbound-rate-limiter.js';

/** A Twilio-like stream: one ~350-byte media message every 20 ms. */
const MEDIA_MESSAGE_BYTES = 350;
const MEDIA_PERIOD_MS = 20;

describe('InboundRateLimiter', () => {
  it('admits a provider streaming at its normal rate for ten minutes', () => {
    const limiter = new InboundRateLimiter({
      maxMessagesPerSecond: 250,
      maxBytesPerSecond: 65_536,
    });
    for (let timeMs = 0; timeMs < 600_000; timeMs += MEDIA_PERIOD_MS) {
      expect(limiter.admit(MEDIA_MESSAGE_BYTES, timeMs)).toBe(true);
    }
  });

  it('after a rebase, refills on the new clock: a switch to a clock that starts at 0 does not freeze it', () => {
    const limiter = new InboundRateLimiter({ maxMessagesPerSecond: 50, maxBytesPerSecond: 1e9 });
    // 60 messages at once on a clock far ahead (the system clock before the pipeline starts)
    for (let index = 0; index < 60; index++) expect(limiter.admit(1, 5_000_000)).toBe(true);
    limiter.rebase();
    // the pipeline's clock starts at 0: a provider's normal rate goes on being admitted
    for (let timeMs = 0; timeMs < 60_000; timeMs += MEDIA_PERIOD_MS) {
      expect(limiter.admit(1, timeMs)).toBe(true);
    }
  });

  it('admits a burst of up to the burst allowance at once', () => {
    const limiter = new InboundRateLimiter({ maxMessagesPerSecond: 100, maxBytesPerSecond: 1e9 });
    const burst = 100 * INBOUND_RATE_BURST_SECS;
    for (let index = 0; index < burst; index++) expect(limiter.admit(1, 0)).toBe(true);
    expect(limiter.admit(1, 0)).toBe(false);
  });

  it('refuses a sustained excess of messages once the burst is used up', () => {
    const limiter = new InboundRateLimiter({ maxMessagesPerSecond: 100, maxBytesPerSecond: 1e9 });
    let firstRefusalMs: number | undefined;
    // 200 messages per second: twice the ceiling
    for (let timeMs = 0; timeMs < 10_000 && firstRefusalMs === undefined; timeMs += 5) {
      if (!limiter.admit(1, timeMs)) firstRefusalMs = timeMs;
    }
    // the 200-message burst lasts 2 s at a net excess of 100 messages per second
    expect(firstRefusalMs).toBeGreaterThanOrEqual(1_900);
    expect(firstRefusalMs).toBeLessThanOrEqual(2_100);
  });

  it('refuses a sustained excess of bytes even at a normal message rate', () => {
    const limiter = new InboundRateLimiter({
      maxMessagesPerSecond: 250,
      maxBytesPerSecond: 10_000,
    });
    let refused = false;
    for (let timeMs = 0; timeMs < 10_000 && !refused; timeMs += MEDIA_PERIOD_MS) {
      refused = !limiter.admit(1_000, timeMs); // 50 kB/s
    }
    expect(refused).toBe(true);
  });

  it('recovers once the sender slows down within its burst', () => {
    const limiter = new InboundRateLimiter({ maxMessagesPerSecond: 10, maxBytesPerSecond: 1e9 });
    for (let index = 0; index < 15; index++) expect(limiter.admit(1, 0)).toBe(true);
    expect(limiter.admit(1, 1_000)).toBe(true);
    expect(limiter.admit(1, 3_000)).toBe(true);
  });

  it('refuses rates that are not positive numbers', () => {
    expect(() => new InboundRateLimiter({ maxMessagesPerSecond: 0, maxBytesPerSecond: 1 })).toThrow(
      /maxMessagesPerSecond must be a positive number, got 0/,
    );
    expect(
      () => new InboundRateLimiter({ maxMessagesPerSecond: 1, maxBytesPerSecond: Number.NaN }),
    ).toThrow(/maxBytesPerSecond/);
  });
});
