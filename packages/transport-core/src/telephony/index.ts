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
export { sameMediaFormat } from './media-format.js';
export {
  type ClearedMarkReporting,
  DEFAULT_PLAYBACK_MARK_LEDGER_OPTIONS,
  MAX_TRACKED_PLAYBACK_MARKS,
  type PlaybackMarkEcho,
  PlaybackMarkLedger,
  type PlaybackMarkLedgerOptions,
} from './playback-mark-ledger.js';
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
export {
  DEFAULT_TELEPHONY_FRAME_SERIALIZER_OPTIONS,
  TelephonyFrameSerializer,
  type TelephonyFrameSerializerOptions,
  type TelephonyHangUpOptions,
} from './telephony-frame-serializer.js';
export {
  checkApiBaseUrl,
  checkUrl,
  HTTP_URL_SCHEMES,
  WEBSOCKET_URL_SCHEMES,
} from './url-checks.js';
export { escapeXml } from './xml-escape.js';
