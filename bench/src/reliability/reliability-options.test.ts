import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RELIABILITY_OPTIONS,
  reliabilityOptionsFromEnvironment,
} from './reliability-options.js';

describe('reliabilityOptionsFromEnvironment', () => {
  it('uses the defaults for unset and empty variables', () => {
    expect(reliabilityOptionsFromEnvironment({ RELIABILITY_SHORT_CALLS: '' })).toEqual(
      DEFAULT_RELIABILITY_OPTIONS,
    );
  });

  it('reads each count from its variable', () => {
    const options = reliabilityOptionsFromEnvironment({
      RELIABILITY_FUZZ_CASES: '5000',
      RELIABILITY_DRAIN_CALLS: '10',
      RELIABILITY_SEED: '0',
    });
    expect(options).toMatchObject({ fuzzCases: 5000, drainCalls: 10, seed: 0 });
  });

  it.each([
    ['RELIABILITY_SHORT_CALLS', '0'],
    ['RELIABILITY_LIVE_MESSAGES', '1.5'],
    ['RELIABILITY_DRAIN_TIMEOUT_SECONDS', 'soon'],
    ['RELIABILITY_ABRUPT_DISCONNECTS', '99999999999'],
  ])('refuses %s=%s, naming the variable and the value', (name, value) => {
    expect(() => reliabilityOptionsFromEnvironment({ [name]: value })).toThrow(
      new RegExp(`${name} must be a whole number.*"${value}"`),
    );
  });

  it('refuses a fuzz case count that is not a whole number of batches', () => {
    expect(() => reliabilityOptionsFromEnvironment({ RELIABILITY_FUZZ_CASES: '1500' })).toThrow(
      /multiple of 1000/,
    );
  });
});
