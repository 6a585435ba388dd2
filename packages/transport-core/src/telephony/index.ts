export { decodeBase64Payload, encodeBase64 } from './base64.js';
export { basicAuthorization } from './basic-authorization.js';
export {
  CallHangUp,
  type CallHangUpOptions,
  DEFAULT_HANG_UP_TIMEOUT_MS,
  type FetchFunction,
  type HangUpOutcome,
  type HangUpRequest,
} from './call-hang-up.js';
export { constantTimeEqual } from './constant-time-equal.js';
export {
  messageSnippet,
  objectField,
  optionalObjectField,
  optionalStringField,
  type ProviderMessage,
  parseProviderMessage,
  stringField,
  stringRecord,
} from './provider-message.js';
export { TelephonyAudioCodec, type TelephonyAudioCodecOptions } from './telephony-audio-codec.js';
