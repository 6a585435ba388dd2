export { FrameDirection } from './frame-direction.js';
export {
  FrameProcessor,
  type FrameProcessorOptions,
  type FrameProcessorSetup,
} from './frame-processor.js';
export { FrameQueue, type QueuedFrame } from './frame-queue.js';
export { Pipeline } from './pipeline.js';
export {
  PipelineRunner,
  type PipelineRunnerOptions,
  type PipelineRunnerSignal,
  type SignalSource,
} from './pipeline-runner.js';
export {
  checkPipelineSampleRate,
  MAX_PIPELINE_SAMPLE_RATE_HZ,
  MIN_PIPELINE_SAMPLE_RATE_HZ,
  PIPELINE_SAMPLE_RATE_STEP_HZ,
} from './pipeline-sample-rate.js';
export {
  DEFAULT_CANCEL_TIMEOUT_SECS,
  type PipelineFinishReason,
  PipelineTask,
  type PipelineTaskEvents,
  type PipelineTaskParams,
} from './pipeline-task.js';
