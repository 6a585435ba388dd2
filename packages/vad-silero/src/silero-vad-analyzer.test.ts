import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_VAD_PARAMS } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { OnnxSileroModel, SileroModelLoadError, sharedSileroModel } from './onnx-silero-model.js';
import type { SileroModel } from './silero-model.js';
import { SILERO_MODEL_BYTES, SILERO_MODEL_SHA256, sileroModelInfo } from './silero-model-file.js';
import { SileroVADAnalyzer } from './silero-vad-analyzer.js';
import { sileroWindowShape } from './silero-window-shape.js';
import { FakeSileroModel } from './testing/fake-silero-model.js';
import { fixtureAt, speechSegments } from './testing/fixtures.js';
import { feed, ProbedSileroVAD } from './testing/probed-silero-vad.js';

const PLATFORM = `${process.platform}/${process.arch}`;

/** Low white noise (about −60 dBFS), the same every run. */
function quietNoise(samples: number): Int16Array {
  let seed = 12_345;
  return Int16Array.from({ length: samples }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.round((seed / 2_147_483_648 - 0.5) * 64);
  });
}

/** Probabilities of every window of `audio`, from a fresh analyzer. */
async function probabilitiesOf(audio: Int16Array, sampleRate: number, batching = false) {
  const vad = new ProbedSileroVAD({ batching });
  vad.setSampleRate(sampleRate);
  await feed(vad, audio, sampleRate / 50);
  return vad.probabilities;
}

/**
 * The model fed by hand, one window at a time with its state carried: with `contextSamples` of
 * the previous input in front of each window (the protocol), or with none (which only the
 * file's original graph accepts: the rearranged one takes rows of context + window).
 */
async function referenceProbabilities(
  audio: Int16Array,
  sampleRate: number,
  context: boolean,
  model: SileroModel = sharedSileroModel(),
) {
  const shape = sileroWindowShape(sampleRate)!;
  const contextSamples = context ? shape.contextSamples : 0;
  let state = new Float32Array(256);
  let previous = new Float32Array(contextSamples);
  const result: number[] = [];
  for (let start = 0; start + shape.windowSamples <= audio.length; start += shape.windowSamples) {
    const input = new Float32Array(contextSamples + shape.windowSamples);
    input.set(previous);
    for (let index = 0; index < shape.windowSamples; index++) {
      input[contextSamples + index] = audio[start + index]! / 32_768;
    }
    previous = input.slice(input.length - contextSamples);
    const output = await model.run({ sampleRate, batchSize: 1, input, state });
    state = new Float32Array(output.state);
    result.push(output.probabilities[0]!);
  }
  return result;
}

describe('SileroVADAnalyzer with the Silero v5.1 model', () => {
  for (const sampleRate of [8000, 16_000]) {
    it(`hears the spoken "yes" at ${sampleRate} Hz and confirms it within its span`, async () => {
      const audio = fixtureAt('yes-8k', sampleRate);
      const [[onset, offset]] = speechSegments('yes-8k') as [[number, number]];
      const vad = new ProbedSileroVAD();
      vad.setSampleRate(sampleRate);
      const frameSamples = sampleRate / 50;
      const times: [string, number][] = [];
      for (let start = 0; start < audio.length; start += frameSamples) {
        const analysis = await vad.analyzeAudio(audio.subarray(start, start + frameSamples));
        for (const transition of analysis.transitions) {
          times.push([transition, (start + frameSamples) / sampleRate]);
        }
      }
      expect(vad.probabilities.filter((probability) => probability > 0.5).length).toBeGreaterThan(
        5,
      );
      expect(times.map(([transition]) => transition)).toEqual(['started', 'stopped']);
      expect(times[0]![1]).toBeGreaterThan(onset);
      expect(times[0]![1]).toBeLessThan(offset);
      expect(times[1]![1]).toBeGreaterThan(offset);
    });

    it(`hears no speech in quiet noise at ${sampleRate} Hz`, async () => {
      const probabilities = await probabilitiesOf(quietNoise(sampleRate), sampleRate);
      expect(probabilities).toHaveLength(31);
      expect(Math.max(...probabilities)).toBeLessThan(0.5);
    });
  }

  for (const distractor of ['dtmf-8k', 'ringback-8k', 'music-8k']) {
    it(`scores no window of ${distractor} as speech, and never starts speech`, async () => {
      const vad = new ProbedSileroVAD();
      vad.setSampleRate(8000);
      expect(await feed(vad, fixtureAt(distractor, 8000))).toEqual([]);
      // the model's own verdict, whether or not core also recognises the tone
      expect(Math.max(...vad.probabilities)).toBeLessThan(DEFAULT_VAD_PARAMS.confidence);
    });
  }

  it('puts the previous context in front of each window, as the model needs', async () => {
    const audio = fixtureAt('sentence-8k', 8000);
    const probabilities = await probabilitiesOf(audio, 8000);
    expect(probabilities).toEqual(await referenceProbabilities(audio, 8000, true));
    const withoutContext = await referenceProbabilities(
      audio,
      8000,
      false,
      new OnnxSileroModel({ graph: 'original' }),
    );
    const largestDifference = Math.max(
      ...probabilities.map((probability, index) => Math.abs(probability - withoutContext[index]!)),
    );
    expect(largestDifference).toBeGreaterThan(0.2);
  });

  it('starts afresh on reset(): the same audio then scores as on a new analyzer', async () => {
    const yes = fixtureAt('yes-8k', 8000);
    const sentence = fixtureAt('sentence-8k', 8000);
    const fresh = await probabilitiesOf(yes, 8000);

    const vad = new ProbedSileroVAD({ batching: false });
    vad.setSampleRate(8000);
    await feed(vad, sentence.subarray(0, 8000));
    const windowsBefore = vad.probabilities.length;
    vad.reset();
    await feed(vad, yes);
    expect(vad.probabilities.slice(windowsBefore)).toEqual(fresh);

    const carried = new ProbedSileroVAD({ batching: false });
    carried.setSampleRate(8000);
    await feed(carried, sentence.subarray(0, 8000));
    await feed(carried, yes);
    expect(carried.probabilities.slice(windowsBefore)).not.toEqual(fresh);
  });

  it('starts afresh when the sample rate changes, both ways', async () => {
    const yes8 = fixtureAt('yes-8k', 8000);
    const yes16 = fixtureAt('yes-8k', 16_000);
    const fresh8 = await probabilitiesOf(yes8, 8000);
    const fresh16 = await probabilitiesOf(yes16, 16_000);

    const vad = new ProbedSileroVAD();
    vad.setSampleRate(8000);
    await feed(vad, fixtureAt('sentence-8k', 8000).subarray(0, 8000));
    let seen = vad.probabilities.length;
    vad.setSampleRate(16_000);
    await feed(vad, yes16, 320);
    expect(vad.probabilities.slice(seen)).toEqual(fresh16);
    seen = vad.probabilities.length;
    vad.setSampleRate(8000);
    await feed(vad, yes8);
    expect(vad.probabilities.slice(seen)).toEqual(fresh8);
  });

  it('refuses other sample rates with a RangeError naming the rate and the supported ones', () => {
    const vad = new SileroVADAnalyzer();
    expect(() => vad.setSampleRate(44_100)).toThrow(RangeError);
    expect(() => vad.setSampleRate(44_100)).toThrow(/44100 Hz.*8000 or 16000 Hz/);
    expect(() => vad.setSampleRate(24_000)).toThrow(/24000 Hz/);
    expect(vad.sampleRate).toBe(0);
  });

  it('keeps its own options out of the VAD params', () => {
    const vad = new SileroVADAnalyzer({ batching: false, stopSecs: 0.6 });
    expect(vad.params.stopSecs).toBe(0.6);
    expect(Object.keys(vad.params)).not.toContain('batching');
    expect(Object.keys(vad.params)).not.toContain('model');
    expect(vad.batching).toBe(false);
    expect(new SileroVADAnalyzer().batching).toBe(true);
  });

  it('runs the bundled model file, bit-identical to Silero v5.1', () => {
    const info = sileroModelInfo();
    const bytes = readFileSync(info.path);
    expect(bytes.length).toBe(SILERO_MODEL_BYTES);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(SILERO_MODEL_SHA256);
  });
});

describe('SileroVADAnalyzer failures and edges', () => {
  it('reports a model file that is missing, naming its path and the platform', async () => {
    const modelPath = '/nowhere/silero_vad.onnx';
    const vad = new SileroVADAnalyzer({
      batching: false,
      model: new OnnxSileroModel({ modelPath }),
    });
    vad.setSampleRate(8000);
    const failure = vad.analyzeAudio(new Int16Array(256));
    await expect(failure).rejects.toThrow(SileroModelLoadError);
    await expect(failure).rejects.toThrow(modelPath);
    await expect(failure).rejects.toThrow(PLATFORM);
  });

  it('reports a file that is not a model, naming its path and the platform', async () => {
    const modelPath = fileURLToPath(new URL('./__fixtures__/yes-8k.wav', import.meta.url));
    const model = new OnnxSileroModel({ modelPath });
    await expect(model.load()).rejects.toThrow(
      new RegExp(`could not load its model ${modelPath} with onnxruntime-node on ${PLATFORM}`),
    );
  });

  it('does not take back the state of a window that was in flight when reset() was called', async () => {
    const model = new FakeSileroModel();
    model.autoFinish = false;
    const vad = new SileroVADAnalyzer({ batching: false, model });
    vad.setSampleRate(8000);
    const inFlight = vad.analyzeAudio(new Int16Array(256).fill(16_384));
    vad.reset();
    model.runs[0]!.finish();
    await inFlight;
    model.autoFinish = true;
    await vad.analyzeAudio(new Int16Array(256));
    expect(model.runs[1]!.state.every((value) => value === 0)).toBe(true);
    expect(model.runs[1]!.input.subarray(0, 32).every((value) => value === 0)).toBe(true);
  });

  it('carries the state from window to window', async () => {
    const model = new FakeSileroModel();
    const vad = new SileroVADAnalyzer({ batching: false, model });
    vad.setSampleRate(8000);
    await vad.analyzeAudio(new Int16Array(512).fill(16_384));
    expect(model.runs[1]!.state.every((value) => value === 0.5)).toBe(true);
    expect(model.runs[1]!.input.subarray(0, 32).every((value) => value === 0.5)).toBe(true);
  });
});
