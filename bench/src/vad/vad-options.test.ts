import { describe, expect, it } from 'vitest';
import { DEFAULT_VAD_OPTIONS, secsPerCall, vadOptionsFromEnvironment } from './vad-options.js';

describe('vadOptionsFromEnvironment', () => {
  it('gives the defaults when nothing is set or a variable is empty', () => {
    expect(vadOptionsFromEnvironment({ VAD_CPU_REPEATS: '' })).toEqual(DEFAULT_VAD_OPTIONS);
  });

  it('reads call counts, call-seconds, repeats and engine filters', () => {
    expect(
      vadOptionsFromEnvironment({
        VAD_CPU_CALL_COUNTS: '1, 50',
        VAD_CPU_CALL_SECONDS: '300',
        VAD_CPU_REPEATS: '1',
        VAD_ENGINES: 'energy, silero-8k',
      }),
    ).toMatchObject({
      cpuCallCounts: [1, 50],
      cpuCallSecs: 300,
      cpuRepeats: 1,
      engineFilters: ['energy', 'silero-8k'],
    });
  });

  it('refuses a call count that is not a whole number in range, naming the variable', () => {
    expect(() => vadOptionsFromEnvironment({ VAD_CPU_CALL_COUNTS: '10,0' })).toThrow(
      /VAD_CPU_CALL_COUNTS.*"0"/,
    );
    expect(() => vadOptionsFromEnvironment({ VAD_CPU_REPEATS: 'two' })).toThrow(/VAD_CPU_REPEATS/);
  });
});

describe('secsPerCall', () => {
  it('spreads the call-seconds over the calls but gives each call at least the minimum', () => {
    expect(secsPerCall(DEFAULT_VAD_OPTIONS, 1)).toBe(1200);
    expect(secsPerCall(DEFAULT_VAD_OPTIONS, 100)).toBe(12);
    expect(secsPerCall(DEFAULT_VAD_OPTIONS, 300)).toBe(10);
  });
});
