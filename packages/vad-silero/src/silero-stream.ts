import {
  SILERO_STATE_LAYERS,
  SILERO_STATE_SIZE,
  SILERO_STATE_UNITS,
  type SileroWindowShape,
} from './silero-window-shape.js';

/** Full scale of PCM16: samples are divided by it to give floats in [−1, 1). */
const PCM16_FULL_SCALE = 32_768;

/**
 * What the model remembers about one audio stream (one call): its recurrent state (two layers
 * of 128 floats) and the last context samples of its previous input, which the model needs in
 * front of each new window. Both start as zeros and are zeroed again on `reset`.
 *
 * A stream has at most one window in flight (its analyzer awaits each window). `generation`
 * changes on every reset, so a result that comes back after a reset is not taken as state.
 */
export class SileroStream {
  /** Recurrent state, layer by layer: `[layer 0 units…, layer 1 units…]`. */
  readonly state = new Float32Array(SILERO_STATE_SIZE);
  #context = new Float32Array(0);
  #shape: SileroWindowShape | undefined;
  #generation = 0;

  /** The window shape in use; `undefined` until `configure`. */
  get shape(): SileroWindowShape | undefined {
    return this.#shape;
  }

  /** Changes on every `configure` and `reset`. */
  get generation(): number {
    return this.#generation;
  }

  /** Sets the window shape (a sample rate change) and starts from zeros. */
  configure(shape: SileroWindowShape): void {
    this.#shape = shape;
    this.#context = new Float32Array(shape.contextSamples);
    this.reset();
  }

  /** Forgets the recurrent state and the context, as the model requires at a stream's start. */
  reset(): void {
    this.state.fill(0);
    this.#context.fill(0);
    this.#generation++;
  }

  /**
   * Writes one input row at `offset` of `input`: the context, then `window` as floats. The end of
   * the row becomes the context of the next window.
   */
  writeInput(window: Int16Array, input: Float32Array, offset: number): void {
    const context = this.#context;
    const contextSamples = context.length;
    input.set(context, offset);
    const windowOffset = offset + contextSamples;
    for (let index = 0; index < window.length; index++) {
      input[windowOffset + index] = window[index]! / PCM16_FULL_SCALE;
    }
    const contextStart = windowOffset + window.length - contextSamples;
    for (let index = 0; index < contextSamples; index++) {
      context[index] = input[contextStart + index]!;
    }
  }

  /**
   * Copies this stream's state into row `row` of a batch's state input, laid out
   * `[layers, batchSize, units]`: element (layer, row, unit) at
   * `(layer × batchSize + row) × units + unit`.
   */
  putState(batchState: Float32Array, batchSize: number, row: number): void {
    const state = this.state;
    for (let layer = 0; layer < SILERO_STATE_LAYERS; layer++) {
      const own = layer * SILERO_STATE_UNITS;
      const batched = (layer * batchSize + row) * SILERO_STATE_UNITS;
      for (let unit = 0; unit < SILERO_STATE_UNITS; unit++) {
        batchState[batched + unit] = state[own + unit]!;
      }
    }
  }

  /**
   * Takes row `row` of a batch's new state (same layout as `putState`) as this stream's state,
   * unless the stream was reset since the window was written (`generation` differs).
   */
  takeState(batchState: Float32Array, batchSize: number, row: number, generation: number): void {
    if (generation !== this.#generation) return;
    const state = this.state;
    for (let layer = 0; layer < SILERO_STATE_LAYERS; layer++) {
      const own = layer * SILERO_STATE_UNITS;
      const batched = (layer * batchSize + row) * SILERO_STATE_UNITS;
      for (let unit = 0; unit < SILERO_STATE_UNITS; unit++) {
        state[own + unit] = batchState[batched + unit]!;
      }
    }
  }
}
