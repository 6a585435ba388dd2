import type { PipelineCostOptions } from './pipeline-cost-options.js';

/** Which checkout a run measures: this one, or the baseline given in `PIPELINE_COST_BASELINE`. */
export type TreeRole = 'baseline' | 'this';

/** One measuring process to start. */
export interface PlannedRun {
  /** The checkout whose `packages/*\/dist` the process imports. */
  tree: TreeRole;
  /** Its root folder. */
  root: string;
  /** Output chunk size, in 10 ms units. */
  audioOut10msChunks: number;
  /** Which repeat this is, from 1. */
  repeat: number;
  /** True for the extra run with a CPU profile (left out of the figures: profiling costs CPU). */
  profiled: boolean;
}

/**
 * The runs in the order they happen: for each repeat and chunk size the baseline, then this tree
 * (A/B/A/B…, so the machine's drift hits both alike); without a baseline this tree only. The
 * profiled run, if any, comes last.
 */
export function planRuns(options: PipelineCostOptions, thisRoot: string): PlannedRun[] {
  const trees: { tree: TreeRole; root: string }[] =
    options.baselineRoot === undefined
      ? [{ tree: 'this', root: thisRoot }]
      : [
          { tree: 'baseline', root: options.baselineRoot },
          { tree: 'this', root: thisRoot },
        ];
  const runs: PlannedRun[] = [];
  for (let repeat = 1; repeat <= options.repeats; repeat++) {
    for (const audioOut10msChunks of options.audioOut10msChunks) {
      for (const { tree, root } of trees) {
        runs.push({ tree, root, audioOut10msChunks, repeat, profiled: false });
      }
    }
  }
  if (options.profile) {
    runs.push({
      tree: 'this',
      root: thisRoot,
      audioOut10msChunks: options.audioOut10msChunks[0]!,
      repeat: 1,
      profiled: true,
    });
  }
  return runs;
}
