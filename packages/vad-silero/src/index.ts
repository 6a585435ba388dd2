export {
  DEFAULT_ONNX_SILERO_MODEL_OPTIONS,
  ONNXRUNTIME_PLATFORMS,
  OnnxSileroModel,
  type OnnxSileroModelOptions,
  SILERO_SESSION_OPTIONS,
  type SileroGraphArrangement,
  SileroModelLoadError,
  sharedSileroModel,
} from './onnx-silero-model.js';
export { ACTIVE_STREAM_HORIZON_MS, type SileroBatchStats } from './silero-batch-lane.js';
export {
  DEFAULT_SILERO_BATCHER_OPTIONS,
  SILERO_BATCH_CLOCK,
  SileroBatcher,
  type SileroBatcherOptions,
  sharedSileroBatcher,
} from './silero-batcher.js';
export type { SileroModel, SileroModelInput, SileroModelOutput } from './silero-model.js';
export {
  SILERO_MODEL_BYTES,
  SILERO_MODEL_LICENSE,
  SILERO_MODEL_PACKAGE,
  SILERO_MODEL_SHA256,
  SILERO_MODEL_UPSTREAM,
  SILERO_MODEL_VERSION,
  type SileroModelInfo,
  sileroModelInfo,
  sileroModelPath,
} from './silero-model-file.js';
export { SileroStream } from './silero-stream.js';
export { SileroVADAnalyzer, type SileroVADAnalyzerParams } from './silero-vad-analyzer.js';
export { DEFAULT_SILERO_OPTIONS, type SileroOptions } from './silero-vad-options.js';
export {
  SILERO_SAMPLE_RATES,
  SILERO_STATE_LAYERS,
  SILERO_STATE_SIZE,
  SILERO_STATE_UNITS,
  SILERO_WINDOW_MS,
  type SileroWindowShape,
  sileroWindowShape,
} from './silero-window-shape.js';
