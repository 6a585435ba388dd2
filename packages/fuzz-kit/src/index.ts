export {
  badMessages,
  type DeserializeEscape,
  type DeserializeOutcome,
  deserializeOutcome,
  tryDeserialize,
} from './deserialize-outcome.js';
export { type DetectionOutcome, detectionOutcome } from './detection-outcome.js';
export { FrameRecorder } from './frame-recorder.js';
export {
  type FuzzCheck,
  type FuzzTarget,
  type KeyPressMessage,
  type PlayedMarkMessage,
  startedSerializer,
} from './fuzz-target.js';
export {
  describeWireMessage,
  FuzzedMessage,
  type JsonObject,
  type JsonValue,
  SHOWN_MESSAGE_CHARACTERS,
  type WireMessage,
} from './fuzzed-message.js';
export {
  DEEP_ARRAY_LEVELS,
  DEEP_OBJECT_LEVELS,
  type FuzzValue,
  fieldName,
  hostileNumber,
  hostileScalar,
  hostileString,
  hostileValue,
  invalidBase64,
  LONG_STRING_CHARACTERS,
  oddLengthBase64,
  RAW_JSON_VALUES,
  RawJson,
} from './hostile-values.js';
export { InMemorySocket } from './in-memory-socket.js';
export { fuzzedMessage, garbageMessage, mutatedMessage } from './message-mutations.js';
export { POLLUTION_MARKER, PROTOTYPE_KEYS, prototypeIsClean } from './prototype-pollution.js';
export {
  type FuzzedProvider,
  type ProviderStream,
  serializerFromStart,
} from './provider-stream.js';
export {
  parsedOrUndefined,
  RECOGNITION_KINDS,
  type RecognitionEscape,
  type RecognitionKind,
  recognitionKind,
  tryRecognize,
} from './recognition-kind.js';
export { type LogLine, RecordingLogger } from './recording-logger.js';
export {
  DEFAULT_SERIALIZER_FUZZ_OPTIONS,
  type SerializerFuzzOptions,
  serializerFuzzChecks,
} from './serializer-fuzz-checks.js';
export { setUpSilently } from './silent-setup.js';
export {
  customParameters,
  DTMF_DIGITS,
  dtmfDigit,
  MAX_CHUNK_NUMBER,
  MAX_MARK_NAME_CHARACTERS,
  MAX_SEQUENCE_NUMBER,
  markName,
  mediaMessages,
  mediaPayloadBytes,
  sequenceNumber,
} from './stream-fields.js';
export {
  DEFAULT_TRANSPORT_FUZZ_OPTIONS,
  type TransportFuzzOptions,
  transportFuzzChecks,
} from './transport-fuzz-checks.js';
export {
  skipWarningsByKind,
  startTransportUnderFuzz,
  type TransportUnderFuzz,
} from './transport-under-fuzz.js';
