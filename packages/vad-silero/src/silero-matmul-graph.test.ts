import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOnnxModel } from './onnx-model-reader.js';
import { OnnxSileroModel } from './onnx-silero-model.js';
import { extractSileroBranchWeights } from './silero-branch-weights.js';
import { buildSileroMatMulGraph } from './silero-matmul-graph.js';
import type { SileroModel } from './silero-model.js';
import { sileroModelPath } from './silero-model-file.js';
import { SILERO_STATE_SIZE, SILERO_STATE_UNITS, sileroWindowShape } from './silero-window-shape.js';
import { fixtureAt } from './testing/fixtures.js';

/** Largest difference allowed between the rearranged graph's probabilities and the original's. */
const PROBABILITY_TOLERANCE = 1e-5;
/** The threshold whose side every window must keep. */
const DECISION_THRESHOLD = 0.5;
const FIXTURES = ['yes-8k', 'sentence-8k', 'dtmf-8k', 'ringback-8k', 'music-8k'];

const original = new OnnxSileroModel({ graph: 'original' });
const rearranged = new OnnxSileroModel({ graph: 'matmul' });

/** One stream: its audio as floats, its state and the context of its next window. */
class Stream {
  readonly state = new Float32Array(SILERO_STATE_SIZE);
  readonly samples: Float32Array;
  readonly #contextSamples: number;
  readonly #windowSamples: number;
  #context: Float32Array;
  position = 0;

  constructor(audio: Int16Array, sampleRate: number) {
    const shape = sileroWindowShape(sampleRate)!;
    this.samples = Float32Array.from(audio, (sample) => sample / 32_768);
    this.#contextSamples = shape.contextSamples;
    this.#windowSamples = shape.windowSamples;
    this.#context = new Float32Array(shape.contextSamples);
  }

  get windows(): number {
    return Math.floor(this.samples.length / this.#windowSamples);
  }

  /** Writes its next row (context + window) at `offset` of `input`. */
  writeRow(input: Float32Array, offset: number): void {
    const start = this.position * this.#windowSamples;
    const window = this.samples.subarray(start, start + this.#windowSamples);
    input.set(this.#context, offset);
    input.set(window, offset + this.#contextSamples);
    this.#context = window.slice(window.length - this.#contextSamples);
    this.position++;
  }
}

/** Runs one batch of `streams` (one window each) and takes each row's new state back. */
async function runBatch(
  model: SileroModel,
  sampleRate: number,
  streams: Stream[],
): Promise<number[]> {
  const batchSize = streams.length;
  const inputSamples = sileroWindowShape(sampleRate)!.inputSamples;
  const input = new Float32Array(batchSize * inputSamples);
  const state = new Float32Array(batchSize * SILERO_STATE_SIZE);
  streams.forEach((stream, row) => {
    stream.writeRow(input, row * inputSamples);
    for (let layer = 0; layer < 2; layer++) {
      state.set(
        stream.state.subarray(layer * SILERO_STATE_UNITS, (layer + 1) * SILERO_STATE_UNITS),
        (layer * batchSize + row) * SILERO_STATE_UNITS,
      );
    }
  });
  const output = await model.run({ sampleRate, batchSize, input, state });
  streams.forEach((stream, row) => {
    for (let layer = 0; layer < 2; layer++) {
      const start = (layer * batchSize + row) * SILERO_STATE_UNITS;
      stream.state.set(
        output.state.subarray(start, start + SILERO_STATE_UNITS),
        layer * SILERO_STATE_UNITS,
      );
    }
  });
  return [...output.probabilities];
}

/** Probabilities of every window of `audio`, one window per inference. */
async function probabilitiesAlone(model: SileroModel, audio: Int16Array, sampleRate: number) {
  const stream = new Stream(audio, sampleRate);
  const probabilities: number[] = [];
  while (stream.position < stream.windows) {
    probabilities.push(...(await runBatch(model, sampleRate, [stream])));
  }
  return probabilities;
}

/** Pseudo-random numbers in [0, 1), the same every run. */
function randomSequence(seed: number): () => number {
  let value = seed;
  return () => {
    value = (value * 1_103_515_245 + 12_345) % 2_147_483_648;
    return value / 2_147_483_648;
  };
}

describe('the rearranged (MatMul) Silero graph', () => {
  for (const sampleRate of [8000, 16_000]) {
    it(`gives the original v5.1 model's probabilities at ${sampleRate} Hz within ${PROBABILITY_TOLERANCE}, on the same side of ${DECISION_THRESHOLD}`, async () => {
      let speechWindows = 0;
      for (const name of FIXTURES) {
        const audio = fixtureAt(name, sampleRate);
        const expected = await probabilitiesAlone(original, audio, sampleRate);
        const actual = await probabilitiesAlone(rearranged, audio, sampleRate);
        expect(actual).toHaveLength(expected.length);
        expected.forEach((probability, index) => {
          const context = `${name}, window ${index}`;
          expect(Math.abs(actual[index]! - probability), context).toBeLessThanOrEqual(
            PROBABILITY_TOLERANCE,
          );
          expect(actual[index]! > DECISION_THRESHOLD, context).toBe(
            probability > DECISION_THRESHOLD,
          );
        });
        speechWindows += expected.filter((probability) => probability > DECISION_THRESHOLD).length;
      }
      // the speech fixtures do cross the threshold, so keeping its side means something
      expect(speechWindows).toBeGreaterThan(20);
    });
  }

  it('gives each row exactly what it gets alone, in batches of up to 128 with reshuffled membership', async () => {
    const sampleRate = 8000;
    const streamCount = 128;
    const steps = 24;
    const sources = FIXTURES.map((name) => fixtureAt(name, sampleRate));
    const windowSamples = sileroWindowShape(sampleRate)!.windowSamples;
    const audioOf = (index: number) => {
      const source = sources[index % sources.length]!;
      // the shortest fixture ("yes") has 35 windows: start within its first 11
      const start = ((index * 7) % 11) * windowSamples;
      return source.subarray(start, start + steps * windowSamples);
    };
    const alone: number[][] = [];
    for (let index = 0; index < streamCount; index++) {
      alone.push(await probabilitiesAlone(rearranged, audioOf(index), sampleRate));
    }

    const streams = Array.from(
      { length: streamCount },
      (_, index) => new Stream(audioOf(index), sampleRate),
    );
    const batched: number[][] = streams.map(() => []);
    const batchSizes = new Set<number>();
    const random = randomSequence(11);
    for (let round = 0; streams.some((stream) => stream.position < steps); round++) {
      // the first round holds every stream; then each has a window ready with probability 0.7
      const members = [...streams.keys()].filter(
        (index) => streams[index]!.position < steps && (round === 0 || random() < 0.7),
      );
      members.sort(() => random() - 0.5);
      if (members.length === 0) continue;
      const probabilities = await runBatch(
        rearranged,
        sampleRate,
        members.map((index) => streams[index]!),
      );
      members.forEach((index, row) => {
        batched[index]!.push(probabilities[row]!);
      });
      batchSizes.add(members.length);
    }
    expect(batched).toEqual(alone);
    expect(batchSizes.has(streamCount)).toBe(true);
    expect(batchSizes.size).toBeGreaterThan(5);
  });

  it('is built from the weights alone: the same file gives the same bytes', () => {
    const model = readOnnxModel(readFileSync(sileroModelPath()));
    const build = () => buildSileroMatMulGraph(extractSileroBranchWeights(model, 8000));
    const graph = build();
    expect(Buffer.from(graph).equals(Buffer.from(build()))).toBe(true);
    // the 8 kHz branch's 215,000 or so weights as float32, plus a few index tensors
    expect(graph.length).toBeGreaterThan(800_000);
    expect(graph.length).toBeLessThan(1_000_000);
  });
});
