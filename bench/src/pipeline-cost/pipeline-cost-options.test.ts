import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PIPELINE_COST_OPTIONS,
  expectedRunSecs,
  pipelineCostOptionsFromEnvironment,
  runCount,
} from './pipeline-cost-options.js';

describe('pipelineCostOptionsFromEnvironment', () => {
  it('keeps the defaults when nothing is set', () => {
    expect(pipelineCostOptionsFromEnvironment({}, [])).toEqual(DEFAULT_PIPELINE_COST_OPTIONS);
  });

  it('measures 300 calls for 20 s, three times, within about 4 minutes by default', () => {
    expect(DEFAULT_PIPELINE_COST_OPTIONS).toMatchObject({
      calls: 300,
      measureSecs: 20,
      repeats: 3,
    });
    expect(expectedRunSecs(DEFAULT_PIPELINE_COST_OPTIONS)).toBeLessThanOrEqual(4 * 60);
  });

  it('reads every setting', () => {
    const options = pipelineCostOptionsFromEnvironment(
      {
        PIPELINE_COST_CALLS: '50',
        PIPELINE_COST_SECONDS: '8',
        PIPELINE_COST_WARMUP_SECONDS: '0',
        PIPELINE_COST_REFERENCE_SECONDS: '2.5',
        PIPELINE_COST_REPEATS: '5',
        PIPELINE_COST_OUT_10MS_CHUNKS: '2, 4',
        PIPELINE_COST_BASELINE: '/checkouts/old',
        PIPELINE_COST_PROFILE: '1',
      },
      [],
    );
    expect(options).toEqual({
      calls: 50,
      measureSecs: 8,
      warmupSecs: 0,
      referenceSecs: 2.5,
      repeats: 5,
      audioOut10msChunks: [2, 4],
      baselineRoot: '/checkouts/old',
      profile: true,
    });
  });

  it('turns the profile on with --cpu-prof and leaves it off with PIPELINE_COST_PROFILE=0', () => {
    expect(pipelineCostOptionsFromEnvironment({}, ['node', 'run.js', '--cpu-prof']).profile).toBe(
      true,
    );
    expect(pipelineCostOptionsFromEnvironment({ PIPELINE_COST_PROFILE: '0' }, []).profile).toBe(
      false,
    );
  });

  it('treats empty variables as unset', () => {
    expect(
      pipelineCostOptionsFromEnvironment(
        { PIPELINE_COST_CALLS: ' ', PIPELINE_COST_BASELINE: '' },
        [],
      ),
    ).toEqual(DEFAULT_PIPELINE_COST_OPTIONS);
  });

  it('refuses a bad value, naming the variable and the value', () => {
    expect(() => pipelineCostOptionsFromEnvironment({ PIPELINE_COST_CALLS: '0' }, [])).toThrow(
      /PIPELINE_COST_CALLS .* got "0"/,
    );
    expect(() => pipelineCostOptionsFromEnvironment({ PIPELINE_COST_SECONDS: 'x' }, [])).toThrow(
      /PIPELINE_COST_SECONDS .* got "x"/,
    );
    expect(() =>
      pipelineCostOptionsFromEnvironment({ PIPELINE_COST_OUT_10MS_CHUNKS: '2,0' }, []),
    ).toThrow(/PIPELINE_COST_OUT_10MS_CHUNKS .* got "0"/);
    expect(() => pipelineCostOptionsFromEnvironment({ PIPELINE_COST_REPEATS: '1.5' }, [])).toThrow(
      /PIPELINE_COST_REPEATS/,
    );
  });
});

describe('runCount', () => {
  it('counts a run per repeat, chunk size and tree, plus the profiled one', () => {
    const options = {
      ...DEFAULT_PIPELINE_COST_OPTIONS,
      repeats: 3,
      audioOut10msChunks: [2, 4],
      baselineRoot: '/old',
      profile: true,
    };
    expect(runCount(options)).toBe(13);
  });
});
