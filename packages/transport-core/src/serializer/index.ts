export type {
  DeserializedFrames,
  FrameSerializer,
  FrameSerializerSetup,
  SerializedMessage,
} from './frame-serializer.js';
export {
  isMessageRejectedError,
  MessageRejectedError,
  type MessageRejectionKind,
} from './message-rejected-error.js';
