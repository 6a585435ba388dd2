import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { type OnnxModel, readOnnxModel } from './onnx-model-reader.js';
import { extractSileroBranchWeights } from './silero-branch-weights.js';
import { buildSileroMatMulGraph } from './silero-matmul-graph.js';
import type { SileroModel, SileroModelInput, SileroModelOutput } from './silero-model.js';
import { SILERO_MODEL_SHA256, sileroModelPath } from './silero-model-file.js';
import {
  SILERO_SAMPLE_RATES,
  SILERO_STATE_LAYERS,
  SILERO_STATE_UNITS,
  sileroWindowShape,
} from './silero-window-shape.js';

/**
 * onnxruntime session options: one thread, no inter-op parallelism, so a process serving many
 * calls uses one core per process (scale out with processes) and CPU per window is predictable.
 */
export const SILERO_SESSION_OPTIONS: Readonly<InferenceSession.SessionOptions> = Object.freeze({
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});

/** Platforms for which onnxruntime-node 1.31 ships a CPU binary. */
export const ONNXRUNTIME_PLATFORMS: readonly string[] = Object.freeze([
  'linux/x64',
  'linux/arm64',
  'darwin/arm64',
  'win32/x64',
  'win32/arm64',
]);

/**
 * How the model file's network is run:
 * - `'matmul'`: its weights, taken out of the file at load, rearranged into one graph per sample
 *   rate whose layers are matrix products over the whole batch (same weights, probabilities
 *   within about 1e-6; about a third of the CPU per window in batches);
 * - `'original'`: the file's own graph, one session for both rates.
 */
export type SileroGraphArrangement = 'matmul' | 'original';

const SILERO_GRAPH_ARRANGEMENTS: readonly SileroGraphArrangement[] = ['matmul', 'original'];

/** Options of `OnnxSileroModel`. */
export interface OnnxSileroModelOptions {
  /** ONNX file to load; default: the bundled Silero v5.1 file, whose SHA-256 is checked. */
  modelPath: string | undefined;
  /** How the network is run: `'matmul'` (rearranged, the default) or `'original'`. */
  graph: SileroGraphArrangement;
}

/** Defaults of `OnnxSileroModelOptions`: the bundled file, rearranged for batches. */
export const DEFAULT_ONNX_SILERO_MODEL_OPTIONS: Readonly<OnnxSileroModelOptions> = Object.freeze({
  modelPath: undefined,
  graph: 'matmul',
});

/** Loading the model failed: names the file and the platform, with the cause attached. */
export class SileroModelLoadError extends Error {
  override readonly name = 'SileroModelLoadError';
  /** The model file that was being loaded. */
  readonly modelPath: string;
  /** `process.platform/process.arch`, e.g. `darwin/x64`. */
  readonly platform: string;

  constructor(modelPath: string, platform: string, reason: string, cause: unknown) {
    super(
      `Silero VAD could not load its model ${modelPath} with onnxruntime-node on ${platform}: ${reason}`,
      { cause },
    );
    this.modelPath = modelPath;
    this.platform = platform;
  }
}

type OnnxRuntime = typeof import('onnxruntime-node');

interface LoadedModel {
  /** The session of each sample rate (the same one for both with the original graph). */
  readonly sessions: ReadonlyMap<number, InferenceSession>;
  readonly runtime: OnnxRuntime;
  /** The `sr` input, one scalar int64 tensor per rate, made once. */
  readonly rateTensors: Map<number, Tensor>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Silero VAD on onnxruntime-node (CPU, one thread). Nothing loads until the first `load` or
 * `run`; then onnxruntime-node is imported, the file is read (and, for the bundled file, its
 * SHA-256 checked) and the sessions are created: with `graph: 'matmul'` (the default) one per
 * sample rate, from graphs built at load out of the file's weights (see
 * `buildSileroMatMulGraph`); with `'original'` one session of the file as it is. A failed load
 * is kept: every later `run` rejects with the same `SileroModelLoadError`.
 *
 * onnxruntime-node is imported only then, so importing this package works on every platform,
 * even where onnxruntime-node has no binary (darwin/x64); the error comes at first use.
 */
export class OnnxSileroModel implements SileroModel {
  readonly #options: OnnxSileroModelOptions;
  #loading: Promise<LoadedModel> | undefined;
  #loaded: LoadedModel | undefined;

  /** @throws RangeError when `graph` is neither `'matmul'` nor `'original'`. */
  constructor(options: Partial<OnnxSileroModelOptions> = {}) {
    if (options.graph !== undefined && !SILERO_GRAPH_ARRANGEMENTS.includes(options.graph)) {
      throw new RangeError(
        `OnnxSileroModel graph must be 'matmul' or 'original', got ${String(options.graph)}`,
      );
    }
    this.#options = {
      modelPath: options.modelPath ?? DEFAULT_ONNX_SILERO_MODEL_OPTIONS.modelPath,
      graph: options.graph ?? DEFAULT_ONNX_SILERO_MODEL_OPTIONS.graph,
    };
  }

  /** How this model runs the network: `'matmul'` (rearranged) or `'original'`. */
  get graph(): SileroGraphArrangement {
    return this.#options.graph;
  }

  async load(): Promise<void> {
    await this.#load();
  }

  async run(input: SileroModelInput): Promise<SileroModelOutput> {
    const loaded = this.#loaded ?? (await this.#load());
    const { batchSize, sampleRate } = input;
    const shape = sileroWindowShape(sampleRate);
    if (!shape) {
      throw new RangeError(`Silero VAD does not support a sample rate of ${sampleRate} Hz`);
    }
    if (this.#options.graph === 'matmul' && input.input.length !== batchSize * shape.inputSamples) {
      throw new RangeError(
        `Silero VAD's rearranged graph takes rows of ${shape.inputSamples} samples at ${sampleRate} Hz (${shape.contextSamples} of context + ${shape.windowSamples}), got ${input.input.length} samples for ${batchSize} rows`,
      );
    }
    const { Tensor } = loaded.runtime;
    let rate = loaded.rateTensors.get(sampleRate);
    if (!rate) {
      rate = new Tensor('int64', BigInt64Array.of(BigInt(sampleRate)), []);
      loaded.rateTensors.set(sampleRate, rate);
    }
    const session = loaded.sessions.get(sampleRate)!;
    const results = await session.run({
      input: new Tensor('float32', input.input, [batchSize, input.input.length / batchSize]),
      state: new Tensor('float32', input.state, [
        SILERO_STATE_LAYERS,
        batchSize,
        SILERO_STATE_UNITS,
      ]),
      sr: rate,
    });
    return {
      probabilities: results.output!.data as Float32Array,
      state: results.stateN!.data as Float32Array,
    };
  }

  #load(): Promise<LoadedModel> {
    this.#loading ??= this.#create().then((loaded) => {
      this.#loaded = loaded;
      return loaded;
    });
    return this.#loading;
  }

  async #create(): Promise<LoadedModel> {
    const platform = `${process.platform}/${process.arch}`;
    const bundled = this.#options.modelPath === undefined;
    let modelPath = this.#options.modelPath ?? '(the bundled silero_vad_v5.onnx)';
    let runtime: OnnxRuntime;
    try {
      if (bundled) modelPath = sileroModelPath();
    } catch (error) {
      throw new SileroModelLoadError(modelPath, platform, messageOf(error), error);
    }
    try {
      runtime = await import('onnxruntime-node');
    } catch (error) {
      const reason = ONNXRUNTIME_PLATFORMS.includes(platform)
        ? `onnxruntime-node failed to load (${messageOf(error)})`
        : `onnxruntime-node has no binary for ${platform} (it ships ${ONNXRUNTIME_PLATFORMS.join(', ')}); run on one of those, e.g. an arm64 Node on a Mac`;
      throw new SileroModelLoadError(modelPath, platform, reason, error);
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(modelPath);
    } catch (error) {
      throw new SileroModelLoadError(modelPath, platform, messageOf(error), error);
    }
    if (bundled) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== SILERO_MODEL_SHA256) {
        throw new SileroModelLoadError(
          modelPath,
          platform,
          `the file's SHA-256 is ${sha256}, expected ${SILERO_MODEL_SHA256} (reinstall the package)`,
          undefined,
        );
      }
    }
    // the graph of each sample rate: the file itself, or the file's weights rearranged
    let graphs: Map<number, Uint8Array> | undefined;
    if (this.#options.graph === 'matmul') {
      let model: OnnxModel;
      try {
        model = readOnnxModel(bytes);
      } catch (error) {
        throw new SileroModelLoadError(
          modelPath,
          platform,
          `it is not a readable ONNX file (${messageOf(error)})`,
          error,
        );
      }
      try {
        graphs = new Map(
          SILERO_SAMPLE_RATES.map((sampleRate) => [
            sampleRate,
            buildSileroMatMulGraph(extractSileroBranchWeights(model, sampleRate)),
          ]),
        );
      } catch (error) {
        throw new SileroModelLoadError(
          modelPath,
          platform,
          `its weights could not be rearranged into batched graphs (${messageOf(error)}); graph: 'original' runs the file as it is`,
          error,
        );
      }
    }
    try {
      const sessions = new Map<number, InferenceSession>();
      if (graphs) {
        for (const [sampleRate, graph] of graphs) {
          sessions.set(
            sampleRate,
            await runtime.InferenceSession.create(graph, SILERO_SESSION_OPTIONS),
          );
        }
      } else {
        const session = await runtime.InferenceSession.create(bytes, SILERO_SESSION_OPTIONS);
        for (const sampleRate of SILERO_SAMPLE_RATES) sessions.set(sampleRate, session);
      }
      return { sessions, runtime, rateTensors: new Map() };
    } catch (error) {
      throw new SileroModelLoadError(modelPath, platform, messageOf(error), error);
    }
  }
}

let shared: OnnxSileroModel | undefined;

/** The process-wide model every analyzer uses by default: loaded once, on first use. */
export function sharedSileroModel(): SileroModel {
  shared ??= new OnnxSileroModel();
  return shared;
}
