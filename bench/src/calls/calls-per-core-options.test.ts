import { describe, expect, it } from 'vitest';
import {
  callsPerCoreOptionsFromEnvironment,
  DEFAULT_CALLS_PER_CORE_OPTIONS,
  expectedRunSecs,
} from './calls-per-core-options.js';

describe('callsPerCoreOptionsFromEnvironment', () => {
  it('keeps the defaults when nothing is set', () => {
    expect(callsPerCoreOptionsFromEnvironment({})).toEqual(DEFAULT_CALLS_PER_CORE_OPTIONS);
  });

  it('reaches 600 calls by default and stays within about 11 minutes', () => {
    expect(Math.max(...DEFAULT_CALLS_PER_CORE_OPTIONS.counts)).toBe(600);
    expect(expectedRunSecs(DEFAULT_CALLS_PER_CORE_OPTIONS)).toBeLessThanOrEqual(11 * 60);
  });

  it('reads counts, chunk sizes and the other settings', () => {
    const options = callsPerCoreOptionsFromEnvironment({
      CALLS_COUNTS: '10, 20',
      CALLS_DURATION_SECONDS: '12',
      CALLS_RAMP_SECONDS: '1',
      CALLS_OUT_10MS_CHUNKS: '2,4,6',
      CALLS_OUT_LEAD_MS: '40',
      CALLS_ECHO_BATCH_MS: '0',
      CALLS_VAD: '0',
    });
    expect(options).toMatchObject({
      counts: [10, 20],
      callDurationSecs: 12,
      rampSecs: 1,
      audioOut10msChunks: [2, 4, 6],
      audioOutMaxLeadMs: 40,
      echoBatchMs: 0,
      vad: false,
    });
  });

  it('reads Node.js flags for the servers, and refuses anything that is not a flag', () => {
    expect(
      callsPerCoreOptionsFromEnvironment({
        CALLS_SERVER_NODE_FLAGS: ' --max-semi-space-size=4  --max-old-space-size=512 ',
      }).serverNodeFlags,
    ).toEqual(['--max-semi-space-size=4', '--max-old-space-size=512']);
    expect(() =>
      callsPerCoreOptionsFromEnvironment({ CALLS_SERVER_NODE_FLAGS: '--inspect; rm -rf /' }),
    ).toThrow(
      /CALLS_SERVER_NODE_FLAGS must be Node.js flags separated by spaces .*got "--inspect;"/,
    );
  });

  it('refuses a bad count, naming the variable and the value', () => {
    expect(() => callsPerCoreOptionsFromEnvironment({ CALLS_COUNTS: '50,x' })).toThrow(
      /CALLS_COUNTS .* got "x"/,
    );
    expect(() => callsPerCoreOptionsFromEnvironment({ CALLS_COUNTS: '0' })).toThrow(/got "0"/);
  });

  it('refuses calls too short for a steady state after the ramp', () => {
    expect(() =>
      callsPerCoreOptionsFromEnvironment({ CALLS_DURATION_SECONDS: '8', CALLS_RAMP_SECONDS: '5' }),
    ).toThrow(/no steady state/);
  });
});
