import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE_COST_OPTIONS } from './pipeline-cost-options.js';
import { planRuns } from './run-plan.js';

const summary = (runs: ReturnType<typeof planRuns>) =>
  runs.map(
    (run) =>
      `${run.tree}:${run.audioOut10msChunks}:${run.repeat}${run.profiled ? ':profiled' : ''}`,
  );

describe('planRuns', () => {
  it('runs this tree only, once per repeat, without a baseline', () => {
    const runs = planRuns({ ...DEFAULT_PIPELINE_COST_OPTIONS, repeats: 2 }, '/this');
    expect(summary(runs)).toEqual(['this:2:1', 'this:2:2']);
    expect(runs.every((run) => run.root === '/this')).toBe(true);
  });

  it('alternates the baseline and this tree, baseline first, for every repeat and chunk size', () => {
    const runs = planRuns(
      {
        ...DEFAULT_PIPELINE_COST_OPTIONS,
        repeats: 2,
        audioOut10msChunks: [2, 4],
        baselineRoot: '/old',
      },
      '/this',
    );
    expect(summary(runs)).toEqual([
      'baseline:2:1',
      'this:2:1',
      'baseline:4:1',
      'this:4:1',
      'baseline:2:2',
      'this:2:2',
      'baseline:4:2',
      'this:4:2',
    ]);
    expect(runs.filter((run) => run.tree === 'baseline').every((run) => run.root === '/old')).toBe(
      true,
    );
  });

  it('adds one profiled run of this tree at the end when asked', () => {
    const runs = planRuns(
      { ...DEFAULT_PIPELINE_COST_OPTIONS, repeats: 1, baselineRoot: '/old', profile: true },
      '/this',
    );
    expect(summary(runs)).toEqual(['baseline:2:1', 'this:2:1', 'this:2:1:profiled']);
  });
});
