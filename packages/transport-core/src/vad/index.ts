export { EnergyVADAnalyzer } from './energy-vad-analyzer.js';
export * from './tones/index.js';
export {
  COMMON_SAMPLE_RATES_HZ,
  type VADAnalysis,
  VADAnalyzer,
  VADState,
  type VADTransition,
} from './vad-analyzer.js';
export { DEFAULT_VAD_PARAMS, resolveVADParams, type VADParams } from './vad-params.js';
