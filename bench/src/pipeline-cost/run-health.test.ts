import { describe, expect, it } from 'vitest';
import { measuredRunFixture } from './measured-run-fixture.js';
import { expectedSentPerCallSecond, runProblems } from './run-health.js';

const costs = { harness: 0.1, bare: 0.15, pipeline: 2 };

describe('runProblems', () => {
  it('finds nothing wrong in a run that kept time and echoed', () => {
    expect(runProblems(measuredRunFixture({}, costs))).toEqual([]);
  });

  it('says when the driver fell so far behind that it skipped caller audio', () => {
    const problems = runProblems(
      measuredRunFixture({}, costs, { mediaSkipped: 300, lateTicks: 2, maxTickLatenessMs: 130 }),
    );
    expect(problems).toEqual(['pipeline: 300 media messages skipped (timer behind)']);
  });

  it('takes late ticks that caught up for no problem', () => {
    const run = measuredRunFixture({}, costs, { lateTicks: 12, maxTickLatenessMs: 45 });
    expect(runProblems(run)).toEqual([]);
  });

  it('says when the pipeline failed, did not echo or never heard speech', () => {
    const problems = runProblems(
      measuredRunFixture({}, costs, { errors: 3, messagesSent: 100, speechStarts: 0 }),
    );
    expect(problems).toEqual([
      '3 pipeline errors',
      'sent 0.1 messages per call-second, expected 50',
      'the VAD never heard the callers start',
    ]);
  });
});

describe('expectedSentPerCallSecond', () => {
  it('is one message per output chunk: 50 for 20 ms, 25 for 40 ms', () => {
    expect(expectedSentPerCallSecond(2)).toBe(50);
    expect(expectedSentPerCallSecond(4)).toBe(25);
  });
});
