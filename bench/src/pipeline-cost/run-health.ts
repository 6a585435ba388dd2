import type { MeasuredRun } from './cost-figures.js';

const MS_PER_SECOND = 1000;
/** Milliseconds of audio in one 10 ms unit of the output chunk size. */
const CHUNK_UNIT_MS = 10;
/** A run whose pipeline sent less than this share of its chunks per call-second did not echo. */
const MIN_SENT_SHARE = 0.9;

/** Messages per call-second our pipeline sends with chunks of `audioOut10msChunks` × 10 ms. */
export function expectedSentPerCallSecond(audioOut10msChunks: number): number {
  return MS_PER_SECOND / (audioOut10msChunks * CHUNK_UNIT_MS);
}

/**
 * What makes a run's figures doubtful: the driver's timer fell so far behind that it skipped
 * caller audio (the process had not the CPU it needed), the pipeline failed, did not echo, or
 * never heard the caller speak. Empty when all is well. (A tick that is late but caught up
 * delivers all the audio: it is reported, not a problem.)
 */
export function runProblems(run: MeasuredRun): string[] {
  const problems: string[] = [];
  for (const phase of [run.result.harness, run.result.bare, run.result.pipeline]) {
    if (phase.mediaSkipped > 0) {
      problems.push(`${phase.kind}: ${phase.mediaSkipped} media messages skipped (timer behind)`);
    }
  }
  const pipeline = run.result.pipeline;
  if (pipeline.errors > 0) problems.push(`${pipeline.errors} pipeline errors`);
  const expected = expectedSentPerCallSecond(run.plan.audioOut10msChunks);
  if (run.figures.sentPerCallSecond < MIN_SENT_SHARE * expected) {
    problems.push(
      `sent ${run.figures.sentPerCallSecond.toFixed(1)} messages per call-second, expected ${expected}`,
    );
  }
  if (pipeline.speechStarts === 0) problems.push('the VAD never heard the callers start');
  return problems;
}
