import type { SileroModel, SileroModelInput, SileroModelOutput } from '../silero-model.js';

/** One inference the fake model was asked for, with copies of its inputs. */
export interface FakeRun {
  readonly sampleRate: number;
  readonly batchSize: number;
  readonly input: Float32Array;
  readonly state: Float32Array;
  /** Completes the run (when `autoFinish` is off). */
  finish(): void;
  /** Fails the run (when `autoFinish` is off). */
  fail(error: Error): void;
}

/**
 * A stand-in for the ONNX model: a row's probability is its last input sample; its new state is
 * its old state plus that sample, so each stream's state counts what it has seen.
 */
export class FakeSileroModel implements SileroModel {
  readonly runs: FakeRun[] = [];
  /** When false, each run waits for `finish()` or `fail()`. */
  autoFinish = true;

  async load(): Promise<void> {}

  run(input: SileroModelInput): Promise<SileroModelOutput> {
    const { batchSize, sampleRate } = input;
    const rowSamples = input.input.length / batchSize;
    const probabilities = new Float32Array(batchSize);
    const state = new Float32Array(input.state);
    const unitsPerRow = input.state.length / batchSize / 2;
    for (let row = 0; row < batchSize; row++) {
      const last = input.input[(row + 1) * rowSamples - 1]!;
      probabilities[row] = last;
      for (let layer = 0; layer < 2; layer++) {
        const start = (layer * batchSize + row) * unitsPerRow;
        for (let unit = 0; unit < unitsPerRow; unit++) state[start + unit]! += last;
      }
    }
    return new Promise((resolve, reject) => {
      const run: FakeRun = {
        sampleRate,
        batchSize,
        input: input.input.slice(),
        state: input.state.slice(),
        finish: () => resolve({ probabilities, state }),
        fail: reject,
      };
      this.runs.push(run);
      if (this.autoFinish) run.finish();
    });
  }
}
