import { VADAnalyzer, type VADParams } from '@x/transport-core';
import { sharedSileroModel } from './onnx-silero-model.js';
import { type SileroBatcher, sharedSileroBatcher } from './silero-batcher.js';
import type { SileroModel } from './silero-model.js';
import { SileroStream } from './silero-stream.js';
import { DEFAULT_SILERO_OPTIONS, type SileroOptions } from './silero-vad-options.js';
import { SILERO_SAMPLE_RATES, sileroWindowShape } from './silero-window-shape.js';

/** Parameters of `new SileroVADAnalyzer(…)`: core's thresholds and the engine's options. */
export type SileroVADAnalyzerParams = Partial<VADParams> & Partial<SileroOptions>;

/**
 * Silero VAD v5 as a `VADAnalyzer`: a small neural network that gives each 32 ms window a speech
 * probability (256 samples at 8 kHz, 512 at 16 kHz). It hears voices rather than energy, so
 * keypad tones, ringback and music score low.
 *
 * Construction is synchronous and cheap. The model loads once per process on the first window
 * and is shared by every analyzer; each analyzer keeps its own recurrent state and context,
 * cleared on `reset()` and on a sample rate change. With `batching` (the default), windows of
 * all calls run through one process-wide `SileroBatcher`, which costs less CPU per window when
 * many calls are active and never delays a lone call.
 *
 * ```ts
 * const transport = new WebSocketTransport(socket, {
 *   serializer,
 *   vadAnalyzer: new SileroVADAnalyzer({ stopSecs: 0.6 }),
 * });
 * ```
 */
export class SileroVADAnalyzer extends VADAnalyzer {
  readonly #stream = new SileroStream();
  readonly #batcher: SileroBatcher | undefined;
  readonly #model: SileroModel | undefined;
  /** Input row for windows run alone (batching off). */
  #row = new Float32Array(0);

  /** @throws RangeError naming a parameter that is out of range. */
  constructor(params: SileroVADAnalyzerParams = {}) {
    const { batching, batcher, model, ...thresholds } = params;
    super(thresholds);
    if (batching ?? DEFAULT_SILERO_OPTIONS.batching) {
      this.#batcher = batcher ?? sharedSileroBatcher();
    } else {
      this.#model = model ?? sharedSileroModel();
    }
  }

  /** Whether windows go through a batcher (`batching` option). */
  get batching(): boolean {
    return this.#batcher !== undefined;
  }

  /**
   * Sets the rate of the audio to analyse: 8000 or 16000 Hz. A change clears the model's state.
   * @throws RangeError naming the rate when it is neither.
   */
  override setSampleRate(sampleRate: number): void {
    if (!this.supportsSampleRate(sampleRate)) {
      throw new RangeError(
        `SileroVADAnalyzer does not support a sample rate of ${sampleRate} Hz: Silero VAD runs at ${SILERO_SAMPLE_RATES.join(' or ')} Hz (resample the audio first)`,
      );
    }
    super.setSampleRate(sampleRate);
  }

  protected override supportsSampleRate(sampleRate: number): boolean {
    return sileroWindowShape(sampleRate) !== undefined;
  }

  protected override windowSamplesFor(sampleRate: number): number {
    const shape = sileroWindowShape(sampleRate)!;
    this.#stream.configure(shape);
    if (!this.#batcher) this.#row = new Float32Array(shape.inputSamples);
    return shape.windowSamples;
  }

  protected override resetEngine(): void {
    this.#stream.reset();
  }

  protected override voiceConfidence(window: Int16Array): Promise<number> {
    if (this.#batcher) return this.#batcher.analyze(this.#stream, window);
    return this.#runAlone(window);
  }

  async #runAlone(window: Int16Array): Promise<number> {
    const stream = this.#stream;
    const shape = stream.shape!;
    const generation = stream.generation;
    const row = this.#row;
    stream.writeInput(window, row, 0);
    const output = await this.#model!.run({
      sampleRate: shape.sampleRate,
      batchSize: 1,
      input: row,
      state: stream.state,
    });
    stream.takeState(output.state, 1, 0, generation);
    return output.probabilities[0]!;
  }
}
