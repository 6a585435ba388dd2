import { flushMicrotasks, ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { ACTIVE_STREAM_HORIZON_MS } from './silero-batch-lane.js';
import { SileroBatcher } from './silero-batcher.js';
import { SileroStream } from './silero-stream.js';
import { sileroWindowShape } from './silero-window-shape.js';
import { FakeSileroModel } from './testing/fake-silero-model.js';

const MAX_WAIT_MS = 8;

function setUp(maxBatchSize = 128) {
  const clock = new ManualClock();
  const model = new FakeSileroModel();
  const batcher = new SileroBatcher({ maxBatchSize, maxWaitMs: MAX_WAIT_MS, clock, model });
  return { clock, model, batcher };
}

function streams(count: number, sampleRate = 8000): SileroStream[] {
  return Array.from({ length: count }, () => {
    const stream = new SileroStream();
    stream.configure(sileroWindowShape(sampleRate)!);
    return stream;
  });
}

/** A window whose fake probability (its last sample) is `value` / 32768. */
function window(value: number, samples = 256): Int16Array {
  return new Int16Array(samples).fill(value);
}

/** Sends one window of each stream; resolves with their probabilities once all have run. */
function round(batcher: SileroBatcher, members: SileroStream[], value = 100) {
  return Promise.all(members.map((stream) => batcher.analyze(stream, window(value))));
}

/** One window of each stream, the clock moved on until all have run: the streams are now active. */
async function join(clock: ManualClock, batcher: SileroBatcher, members: SileroStream[]) {
  const running = round(batcher, members);
  await clock.advance(MAX_WAIT_MS);
  await running;
}

describe('SileroBatcher', () => {
  it("runs a lone call's window at once, without waiting for others", async () => {
    const { clock, model, batcher } = setUp();
    const [stream] = streams(1);
    const probability = batcher.analyze(stream!, window(3277));
    expect(model.runs.map((run) => run.batchSize)).toEqual([1]);
    expect(clock.pendingTimers).toBe(0);
    expect(await probability).toBeCloseTo(0.1, 4);
  });

  it('runs a batch as soon as every active call has a window in it', async () => {
    const { clock, model, batcher } = setUp();
    const calls = streams(3);
    await join(clock, batcher, calls);
    const runsBefore = model.runs.length;
    const full = round(batcher, calls);
    expect(model.runs.slice(runsBefore).map((run) => run.batchSize)).toEqual([3]);
    expect(clock.pendingTimers).toBe(0);
    await full;
  });

  it('waits at most maxWaitMs for the other active calls, then runs the windows it has', async () => {
    const { clock, model, batcher } = setUp();
    const calls = streams(3);
    await join(clock, batcher, calls);
    const runsBefore = model.runs.length;
    const partial = round(batcher, [calls[0]!, calls[2]!]);
    await clock.advance(MAX_WAIT_MS - 1);
    expect(model.runs).toHaveLength(runsBefore);
    await clock.advance(1);
    expect(model.runs.slice(runsBefore).map((run) => run.batchSize)).toEqual([2]);
    await partial;
  });

  it(`stops waiting for a call that sent no window for ${ACTIVE_STREAM_HORIZON_MS} ms`, async () => {
    const { clock, model, batcher } = setUp();
    const [first, second] = streams(2);
    await join(clock, batcher, [first!, second!]);
    await clock.advance(ACTIVE_STREAM_HORIZON_MS / 2);
    const runsBefore = model.runs.length;
    const waiting = round(batcher, [first!]);
    expect(model.runs).toHaveLength(runsBefore); // the second call still counts: wait for it
    await clock.advance(MAX_WAIT_MS);
    await waiting;
    await clock.advance(ACTIVE_STREAM_HORIZON_MS);
    const alone = round(batcher, [first!]);
    expect(model.runs).toHaveLength(runsBefore + 2); // the second call is gone: no wait
    await alone;
  });

  it('runs full batches at once, one at a time, in order; the rest waits for its timer', async () => {
    const { clock, model, batcher } = setUp(2);
    const calls = streams(5);
    await join(clock, batcher, calls);
    const before = batcher.stats;
    const runsBefore = model.runs.length;
    const sizes = () => model.runs.slice(runsBefore).map((run) => run.batchSize);
    model.autoFinish = false;
    const results = calls.map((stream, index) =>
      batcher.analyze(stream, window(100 * (index + 1))),
    );
    expect(sizes()).toEqual([2]);
    model.runs[runsBefore]!.finish();
    await flushMicrotasks();
    expect(sizes()).toEqual([2, 2]);
    await clock.advance(MAX_WAIT_MS);
    expect(sizes()).toEqual([2, 2]);
    model.runs[runsBefore + 1]!.finish();
    await flushMicrotasks();
    expect(sizes()).toEqual([2, 2, 1]);
    model.runs[runsBefore + 2]!.finish();
    const probabilities = await Promise.all(results);
    expect(probabilities.map((value) => Math.round(value * 32_768))).toEqual([
      100, 200, 300, 400, 500,
    ]);
    expect(batcher.stats.runs - before.runs).toBe(3);
    expect(batcher.stats.windows - before.windows).toBe(5);
    expect(batcher.stats.largestBatch).toBe(2);
  });

  it('gives each call back its own state whichever calls share its batches', async () => {
    const { clock, batcher } = setUp(3);
    const calls = streams(4);
    const seen = calls.map(() => 0);
    const memberships = [[0, 1, 2, 3], [2], [1, 3], [0, 2, 3], [3, 0], [1], [0, 1, 2, 3]];
    for (const members of memberships) {
      const running = Promise.all(
        members.map((index) => {
          seen[index]! += (index + 1) * 10;
          return batcher.analyze(calls[index]!, window((index + 1) * 10));
        }),
      );
      await clock.advance(MAX_WAIT_MS);
      await running;
    }
    calls.forEach((stream, index) => {
      expect(stream.state.every((value) => Math.round(value * 32_768) === seen[index])).toBe(true);
    });
  });

  it('rejects every window of a batch whose inference fails, then goes on', async () => {
    const { model, batcher } = setUp();
    model.autoFinish = false;
    const calls = streams(2);
    const failing = batcher.analyze(calls[0]!, window(1));
    model.runs[0]!.fail(new Error('inference failed'));
    await expect(failing).rejects.toThrow('inference failed');
    model.autoFinish = true;
    await expect(batcher.analyze(calls[0]!, window(3277))).resolves.toBeCloseTo(0.1, 4);
  });

  it('runs 8 kHz and 16 kHz windows in separate batches', async () => {
    const { model, batcher } = setUp();
    const [narrow] = streams(1, 8000);
    const [wide] = streams(1, 16_000);
    await Promise.all([
      batcher.analyze(narrow!, window(1, 256)),
      batcher.analyze(wide!, window(1, 512)),
    ]);
    expect(model.runs.map((run) => [run.sampleRate, run.input.length])).toEqual([
      [8000, 288],
      [16_000, 576],
    ]);
  });

  it('refuses options out of range, naming them', () => {
    expect(() => new SileroBatcher({ maxBatchSize: 0 })).toThrow(/maxBatchSize.*0/);
    expect(() => new SileroBatcher({ maxBatchSize: 2.5 })).toThrow(/maxBatchSize.*2\.5/);
    expect(() => new SileroBatcher({ maxWaitMs: 32 })).toThrow(/maxWaitMs.*32/);
    expect(() => new SileroBatcher({ maxWaitMs: -1 })).toThrow(/maxWaitMs.*-1/);
  });
});
