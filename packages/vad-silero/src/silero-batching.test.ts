import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { type OnnxSileroModel, sharedSileroModel } from './onnx-silero-model.js';
import { SileroBatcher } from './silero-batcher.js';
import type { SileroModel, SileroModelInput } from './silero-model.js';
import { sileroWindowShape } from './silero-window-shape.js';
import { fixtureAt } from './testing/fixtures.js';
import { feed, ProbedSileroVAD } from './testing/probed-silero-vad.js';

const MAX_WAIT_MS = 5;
const ROUNDS = 45;

/** The shared model, noting the size of every batch it runs. */
class CountingModel implements SileroModel {
  readonly batchSizes: number[] = [];
  readonly #model = sharedSileroModel();
  load(): Promise<void> {
    return this.#model.load();
  }
  run(input: SileroModelInput) {
    this.batchSizes.push(input.batchSize);
    return this.#model.run(input);
  }
}

/** Pseudo-random numbers in [0, 1), the same every run. */
function randomSequence(seed: number): () => number {
  let value = seed;
  return () => {
    value = (value * 1_103_515_245 + 12_345) % 2_147_483_648;
    return value / 2_147_483_648;
  };
}

interface Call {
  audio: Int16Array;
  sampleRate: number;
  batched: ProbedSileroVAD;
  position: number;
}

describe('batched Silero inference', () => {
  it('gives every call exactly the probabilities it gets alone, however the batches are made up', async () => {
    const clock = new ManualClock();
    const model = new CountingModel();
    const batcher = new SileroBatcher({ maxBatchSize: 3, maxWaitMs: MAX_WAIT_MS, clock, model });
    const sources: [string, number, number][] = [
      ['sentence-8k', 8000, 0],
      ['sentence-8k', 8000, 4000],
      ['yes-8k', 8000, 0],
      ['music-8k', 8000, 0],
      ['ringback-8k', 8000, 0],
      ['sentence-8k', 16_000, 0],
      ['yes-8k', 16_000, 0],
    ];
    const calls: Call[] = sources.map(([name, sampleRate, start]) => {
      const batched = new ProbedSileroVAD({ batcher });
      batched.setSampleRate(sampleRate);
      return {
        audio: fixtureAt(name, sampleRate).subarray(start),
        sampleRate,
        batched,
        position: 0,
      };
    });
    const random = randomSequence(7);
    for (let round = 0; round < ROUNDS; round++) {
      // a different set of calls has a window ready in each round
      const members = calls.filter(() => random() < 0.6);
      const analyses = members.map((call) => {
        const windowSamples = sileroWindowShape(call.sampleRate)!.windowSamples;
        const start = call.position % (call.audio.length - windowSamples);
        call.position += windowSamples;
        return call.batched.analyzeAudio(call.audio.subarray(start, start + windowSamples));
      });
      await clock.advance(MAX_WAIT_MS);
      await Promise.all(analyses);
    }

    for (const call of calls) {
      const alone = new ProbedSileroVAD({ batching: false });
      alone.setSampleRate(call.sampleRate);
      const windowSamples = sileroWindowShape(call.sampleRate)!.windowSamples;
      for (let position = 0; position < call.position; position += windowSamples) {
        const start = position % (call.audio.length - windowSamples);
        await feed(alone, call.audio.subarray(start, start + windowSamples), windowSamples);
      }
      expect(call.batched.probabilities.length).toBeGreaterThan(15);
      expect(call.batched.probabilities).toEqual(alone.probabilities);
    }
    expect(new Set(model.batchSizes)).toEqual(new Set([1, 2, 3]));
    // the batches ran on the rearranged (MatMul) graphs, at both rates
    expect((sharedSileroModel() as OnnxSileroModel).graph).toBe('matmul');
  });
});
