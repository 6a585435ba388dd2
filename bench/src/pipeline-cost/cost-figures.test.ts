import { describe, expect, it } from 'vitest';
import { compareWithBaseline, treeMedians } from './cost-figures.js';
import { measuredRunFixture } from './measured-run-fixture.js';

describe('runFigures', () => {
  it('takes the harness off the bare echo and our pipeline and divides ours by the bare echo', () => {
    const { figures } = measuredRunFixture({}, { harness: 0.1, bare: 0.15, pipeline: 2.1 });
    expect(figures.harnessMsPerCallSecond).toBeCloseTo(0.1);
    expect(figures.bareMsPerCallSecond).toBeCloseTo(0.05);
    expect(figures.bareWithHarnessMsPerCallSecond).toBeCloseTo(0.15);
    expect(figures.oursMsPerCallSecond).toBeCloseTo(2);
    expect(figures.oursOverBare).toBeCloseTo(40);
  });

  it('gives GC, heap, sends and interruptions per call', () => {
    const { figures } = measuredRunFixture({}, { harness: 0.1, bare: 0.15, pipeline: 2.1 });
    expect(figures.oursGcMsPerCallSecond).toBeCloseTo(0.1);
    expect(figures.oursGcPerSecond).toBeCloseTo(3);
    expect(figures.heapPerCallKiB).toBeCloseTo(50);
    expect(figures.sentPerCallSecond).toBeCloseTo(50);
    // 1,000 call-seconds: 250 starts and 125 clears are 15 and 7.5 per call-minute
    expect(figures.speechStartsPerCallMinute).toBeCloseTo(15);
    expect(figures.clearsPerCallMinute).toBeCloseTo(7.5);
  });

  it('takes the median second, which a burst of other work in one second does not move', () => {
    const burst = [2.1, 2.1, 9, 2.1, 2.1].map((ms) => ms * 1000 * 100);
    const { figures } = measuredRunFixture(
      {},
      { harness: 0.1, bare: 0.15, pipeline: 2.1 },
      { cpuMicrosPerSecondSamples: burst },
    );
    expect(figures.oursMedianSecondMsPerCallSecond).toBeCloseTo(2);
  });

  it('leaves heap and speech starts out when the run could not measure them', () => {
    const { figures } = measuredRunFixture(
      {},
      { harness: 0.1, bare: 0.15, pipeline: 2.1 },
      { heapUsedPerCallBytes: undefined, speechStarts: undefined },
    );
    expect(figures.heapPerCallKiB).toBeUndefined();
    expect(figures.speechStartsPerCallMinute).toBeUndefined();
  });
});

describe('treeMedians', () => {
  it('takes the median of each tree and chunk size, baseline first, without the profiled run', () => {
    const runs = [
      measuredRunFixture({ tree: 'this', repeat: 1 }, { harness: 0.1, bare: 0.2, pipeline: 2.1 }),
      measuredRunFixture(
        { tree: 'baseline', repeat: 1 },
        { harness: 0.1, bare: 0.2, pipeline: 3.1 },
      ),
      measuredRunFixture({ tree: 'this', repeat: 2 }, { harness: 0.1, bare: 0.2, pipeline: 1.1 }),
      measuredRunFixture({ tree: 'this', repeat: 3 }, { harness: 0.1, bare: 0.2, pipeline: 5.1 }),
      measuredRunFixture(
        { tree: 'this', profiled: true },
        { harness: 0.1, bare: 0.2, pipeline: 9 },
      ),
    ];
    const medians = treeMedians(runs);
    expect(medians.map((row) => [row.tree, row.runs])).toEqual([
      ['baseline', 1],
      ['this', 3],
    ]);
    expect(medians[0]!.oursMsPerCallSecond).toBeCloseTo(3);
    expect(medians[1]!.oursMsPerCallSecond).toBeCloseTo(2);
  });

  it('keeps chunk sizes apart', () => {
    const runs = [
      measuredRunFixture({ audioOut10msChunks: 4 }, { harness: 0.1, bare: 0.2, pipeline: 1.1 }),
      measuredRunFixture({ audioOut10msChunks: 2 }, { harness: 0.1, bare: 0.2, pipeline: 2.1 }),
    ];
    expect(treeMedians(runs).map((row) => row.audioOut10msChunks)).toEqual([2, 4]);
  });
});

describe('compareWithBaseline', () => {
  it('divides each repeat of this tree by the baseline run of the same repeat and takes the median', () => {
    const pair = (repeat: number, baseline: number, ours: number, bare = 0.2) => [
      measuredRunFixture(
        { tree: 'baseline', repeat },
        { harness: 0.1, bare: 0.2, pipeline: baseline + 0.1 },
      ),
      measuredRunFixture({ tree: 'this', repeat }, { harness: 0.1, bare, pipeline: ours + 0.1 }),
    ];
    const runs = [...pair(1, 2, 1), ...pair(2, 4, 3, 0.3), ...pair(3, 2, 1.6)];
    const [comparison] = compareWithBaseline(runs);
    expect(comparison!.oursRatios.map((ratio) => Number(ratio.toFixed(3)))).toEqual([
      0.5, 0.75, 0.8,
    ]);
    expect(comparison!.medianOursRatio).toBeCloseTo(0.75);
    expect(comparison!.medianOursMedianSecondRatio).toBeCloseTo(0.75);
    expect(comparison!.bareRatios.map((ratio) => Number(ratio.toFixed(3)))).toEqual([1, 1.5, 1]);
    expect(comparison!.medianBareRatio).toBeCloseTo(1);
  });

  it('compares nothing without baseline runs', () => {
    const runs = [measuredRunFixture({}, { harness: 0.1, bare: 0.2, pipeline: 2 })];
    expect(compareWithBaseline(runs)).toEqual([]);
  });

  it('leaves the profiled run out of the pairs', () => {
    const runs = [
      measuredRunFixture({ tree: 'baseline' }, { harness: 0.1, bare: 0.2, pipeline: 2.1 }),
      measuredRunFixture(
        { tree: 'this', profiled: true },
        { harness: 0.1, bare: 0.2, pipeline: 9 },
      ),
      measuredRunFixture({ tree: 'this' }, { harness: 0.1, bare: 0.2, pipeline: 1.1 }),
    ];
    expect(compareWithBaseline(runs)[0]!.oursRatios).toEqual([0.5]);
  });
});
