/** Length of one Silero analysis window, in milliseconds, at every supported rate. */
export const SILERO_WINDOW_MS = 32;

/** Layers of the model's recurrent state (the `state` input is `[layers, batch, units]`). */
export const SILERO_STATE_LAYERS = 2;
/** Units per layer of the model's recurrent state. */
export const SILERO_STATE_UNITS = 128;
/** Floats of recurrent state one stream keeps: layers × units. */
export const SILERO_STATE_SIZE = SILERO_STATE_LAYERS * SILERO_STATE_UNITS;

/** How the model wants one window at a given sample rate. */
export interface SileroWindowShape {
  /** Sample rate, in Hz. */
  readonly sampleRate: number;
  /** New samples per window (32 ms). */
  readonly windowSamples: number;
  /** Samples of the previous input repeated before each window (the model needs them). */
  readonly contextSamples: number;
  /** Samples per input row: context + window. */
  readonly inputSamples: number;
}

const SHAPES: ReadonlyMap<number, SileroWindowShape> = new Map(
  [
    { sampleRate: 8000, windowSamples: 256, contextSamples: 32 },
    { sampleRate: 16_000, windowSamples: 512, contextSamples: 64 },
  ].map((shape) => [
    shape.sampleRate,
    Object.freeze({ ...shape, inputSamples: shape.windowSamples + shape.contextSamples }),
  ]),
);

/** Sample rates Silero VAD v5 accepts, in Hz. */
export const SILERO_SAMPLE_RATES: readonly number[] = Object.freeze([...SHAPES.keys()]);

/**
 * The window shape at `sampleRate`, or `undefined` when the model does not accept the rate. (The
 * graph itself treats every rate other than 16000 as 8000 without complaint, so check here.)
 */
export function sileroWindowShape(sampleRate: number): SileroWindowShape | undefined {
  return SHAPES.get(sampleRate);
}
