import { describe, expect, it } from 'vitest';
import {
  callsSoakOptionsFromEnvironment,
  DEFAULT_CALLS_SOAK_OPTIONS,
} from './calls-soak-options.js';

describe('callsSoakOptionsFromEnvironment', () => {
  it('turns the soak off unless CALLS_SOAK_MINUTES is set', () => {
    expect(callsSoakOptionsFromEnvironment({})).toBeUndefined();
    expect(callsSoakOptionsFromEnvironment({ CALLS_SOAK_MINUTES: ' ' })).toBeUndefined();
  });

  it('keeps 300 calls of 60 s with a 2-minute warm-up by default', () => {
    expect(callsSoakOptionsFromEnvironment({ CALLS_SOAK_MINUTES: '10' })).toEqual({
      minutes: 10,
      ...DEFAULT_CALLS_SOAK_OPTIONS,
    });
  });

  it('reads the calls, their length and the warm-up', () => {
    expect(
      callsSoakOptionsFromEnvironment({
        CALLS_SOAK_MINUTES: '1',
        CALLS_SOAK_CALLS: '20',
        CALLS_SOAK_CALL_SECONDS: '10',
        CALLS_SOAK_WARMUP_SECONDS: '15',
      }),
    ).toEqual({ minutes: 1, calls: 20, callSecs: 10, warmupSecs: 15 });
  });

  it('refuses a soak whose warm-up leaves no trend, and bad values, naming the variable', () => {
    expect(() => callsSoakOptionsFromEnvironment({ CALLS_SOAK_MINUTES: '2' })).toThrow(
      /no trend after a warm-up of 120 s/,
    );
    expect(() => callsSoakOptionsFromEnvironment({ CALLS_SOAK_MINUTES: '0' })).toThrow(
      /CALLS_SOAK_MINUTES .* got "0"/,
    );
    expect(() =>
      callsSoakOptionsFromEnvironment({ CALLS_SOAK_MINUTES: '10', CALLS_SOAK_CALLS: 'many' }),
    ).toThrow(/CALLS_SOAK_CALLS/);
  });
});
