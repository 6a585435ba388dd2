export { bufferingDelaySamples } from './buffering-delay.js';
export { RNNOISE_DELAY_SAMPLES, RNNoiseFilter } from './rnnoise-filter.js';
export type { RNNoiseFilterOptions } from './rnnoise-filter-options.js';
export {
  RNNOISE_FRAME_SAMPLES,
  RNNOISE_SAMPLE_RATE,
  RNNOISE_WASM_PACKAGE,
  type RNNoiseWasm,
  sharedRNNoiseWasm,
} from './rnnoise-wasm.js';
