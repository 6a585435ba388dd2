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
export {
  CALL_TOKEN_PARAMETER,
  type CallTokenScope,
  CallTokenSigner,
  type CallTokenSignerOptions,
  DEFAULT_CALL_TOKEN_SIGNER_OPTIONS,
  DEFAULT_CALL_TOKEN_TTL_SECONDS,
  deriveCallTokenSecret,
  MIN_CALL_TOKEN_SECRET_BYTES,
} from './call-token.js';
export { constantTimeEqual } from './constant-time-equal.js';
export {
  describeValue,
  messageSnippet,
  objectField,
  optionalObjectField,
  optionalStringField,
  type ProviderMessage,
  parseProviderMessage,
  stringField,
  stringRecord,
} from './provider-message.js';
export {
  DEFAULT_REPLAY_GUARD_MAX_ENTRIES,
  DEFAULT_REPLAY_GUARD_OPTIONS,
  ReplayGuard,
  type ReplayGuardOptions,
} from './replay-guard.js';
export { TelephonyAudioCodec, type TelephonyAudioCodecOptions } from './telephony-audio-codec.js';
