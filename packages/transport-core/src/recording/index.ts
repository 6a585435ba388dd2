export { CallRecorder, type CallRecorderOptions } from './call-recorder.js';
export {
  CallRecording,
  type CallRecordingOptions,
  DEFAULT_RECORDING_SAMPLE_RATE,
  type RecordingSink,
} from './call-recording.js';
export { RecordingSerializer } from './recording-serializer.js';
export { createWavFileSink, type WavFileSink } from './wav-file-sink.js';
