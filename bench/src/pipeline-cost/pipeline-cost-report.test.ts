import { describe, expect, it } from 'vitest';
import type { MachineInfo } from '../support/machine.js';
import { measuredRunFixture } from './measured-run-fixture.js';
import { DEFAULT_PIPELINE_COST_OPTIONS } from './pipeline-cost-options.js';
import { pipelineCostMarkdown, pipelineCostResults } from './pipeline-cost-report.js';

const machine: MachineInfo = {
  cpuModel: 'test CPU',
  cores: 2,
  memoryGiB: 4,
  node: 'v20',
  v8: '11',
  os: 'test',
  commit: 'abc1234',
  sources: [],
  dirty: false,
  date: '2026-01-01T00:00:00.000Z',
};
const costs = (pipeline: number) => ({ harness: 0.1, bare: 0.15, pipeline });

describe('pipelineCostMarkdown', () => {
  it('reports the median ratio against the baseline computed from the runs', () => {
    const results = pipelineCostResults({
      machine,
      options: { ...DEFAULT_PIPELINE_COST_OPTIONS, repeats: 1, baselineRoot: '/old' },
      thisRoot: '/this',
      baselineCommit: '3f79dc3',
      loadAverage: { before: 0.1, after: 0.2 },
      runs: [
        measuredRunFixture({ tree: 'baseline' }, costs(2.1)),
        measuredRunFixture({ tree: 'this' }, costs(1.6)),
      ],
      profile: undefined,
    });
    expect(results.comparisons[0]!.medianOursRatio).toBeCloseTo(0.75);
    const markdown = pipelineCostMarkdown(results);
    expect(markdown).toContain('## This tree against the baseline');
    expect(markdown).toContain('**0.750**');
    expect(markdown).toContain('`/old` at `3f79dc3`');
    expect(markdown).toContain('| baseline | 20 ms | 1 |');
  });

  it('has no baseline section without a baseline, and names a run’s problems', () => {
    const results = pipelineCostResults({
      machine,
      options: DEFAULT_PIPELINE_COST_OPTIONS,
      thisRoot: '/this',
      baselineCommit: undefined,
      loadAverage: { before: 0.1, after: 0.2 },
      runs: [measuredRunFixture({}, costs(2.1), { errors: 2 })],
      profile: undefined,
    });
    const markdown = pipelineCostMarkdown(results);
    expect(markdown).not.toContain('against the baseline');
    expect(markdown).toContain('2 pipeline errors');
  });
});
