/** One inference over a batch of windows, each row from its own stream. */
export interface SileroModelInput {
  /** Sample rate of every row, in Hz (8000 or 16000). */
  readonly sampleRate: number;
  /** Rows in the batch (the model's batch dimension). */
  readonly batchSize: number;
  /** `batchSize` rows of equal length (context + window samples), as floats in [−1, 1). */
  readonly input: Float32Array;
  /** Recurrent state of the rows, laid out `[2 layers, batchSize, 128 units]`; exactly that long. */
  readonly state: Float32Array;
}

/** What one inference gives back. */
export interface SileroModelOutput {
  /** Speech probability (0–1) of each row. */
  readonly probabilities: Float32Array;
  /** New recurrent state of the rows, laid out like the input state. */
  readonly state: Float32Array;
}

/**
 * Runs Silero VAD on batches of windows. The package's implementation is `OnnxSileroModel`
 * (onnxruntime-node, CPU); tests and benchmarks may supply their own.
 */
export interface SileroModel {
  /** Loads the model now rather than at the first window (e.g. at server start); idempotent. */
  load(): Promise<void>;
  /** Runs one inference; rejects with the loading error when the model cannot be loaded. */
  run(input: SileroModelInput): Promise<SileroModelOutput>;
}
