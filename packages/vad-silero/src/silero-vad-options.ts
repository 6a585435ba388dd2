import type { SileroBatcher } from './silero-batcher.js';
import type { SileroModel } from './silero-model.js';

/** Engine options of a `SileroVADAnalyzer` (beside core's `VADParams`). */
export interface SileroOptions {
  /** Run this call's windows together with other calls' windows, as one inference. */
  batching: boolean;
  /** The batcher to share windows through when batching; `undefined`: the process-wide one. */
  batcher: SileroBatcher | undefined;
  /** The model for windows run alone (batching off); `undefined`: the process-wide one. */
  model: SileroModel | undefined;
}

/** Defaults of `SileroOptions`: batching on, through the process-wide batcher and model. */
export const DEFAULT_SILERO_OPTIONS: Readonly<SileroOptions> = Object.freeze({
  batching: true,
  batcher: undefined,
  model: undefined,
});
