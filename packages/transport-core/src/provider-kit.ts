/**
 * `@x/transport-core/provider-kit`: what a provider package is built from — the telephony
 * serializer base and its parts (playback-mark ledger, audio codec, REST hang-up, message field
 * readers, XML escaping, URL checks, base64, constant-time compare, auth-token checks), call-bound
 * stream tokens, provider settings and `defineTelephonyProvider`, which builds a factory's provider
 * from its own parts. Bots and servers need none of it: they use the provider packages' factories.
 */
export { CallBoundStreams, type CallBoundStreamsOptions } from './providers/call-bound-streams.js';
export {
  type DefinedTelephonyProvider,
  defineTelephonyProvider,
  type ProviderRequestChecks,
  type TelephonyProviderParts,
  type TelephonyProviderSecurityFlags,
  type TelephonySerializerCommonOptions,
  type TelephonySerializerRequest,
} from './providers/define-telephony-provider.js';
export {
  type ProviderEnvironment,
  type ResolvedProviderSettings,
  resolveProviderSettings,
  STREAM_TOKEN_SECRET_VARIABLE,
} from './providers/provider-settings.js';
export { type AuthTokensSource, checkAuthTokens } from './telephony/auth-tokens.js';
export { decodeBase64Payload, encodeBase64, isStrictBase64 } from './telephony/base64.js';
export { basicAuthorization } from './telephony/basic-authorization.js';
export {
  CallHangUp,
  type CallHangUpOptions,
  DEFAULT_HANG_UP_TIMEOUT_MS,
  type HangUpRequest,
} from './telephony/call-hang-up.js';
export {
  type CallTokenScope,
  CallTokenSigner,
  type CallTokenSignerOptions,
  DEFAULT_CALL_TOKEN_SIGNER_OPTIONS,
  DEFAULT_CALL_TOKEN_TTL_SECONDS,
  deriveCallTokenSecret,
  MIN_CALL_TOKEN_SECRET_BYTES,
} from './telephony/call-token.js';
export { constantTimeEqual } from './telephony/constant-time-equal.js';
export { sameMediaFormat } from './telephony/media-format.js';
export {
  type ClearedMarkReporting,
  DEFAULT_PLAYBACK_MARK_LEDGER_OPTIONS,
  MAX_TRACKED_PLAYBACK_MARKS,
  type PlaybackMarkEcho,
  PlaybackMarkLedger,
  type PlaybackMarkLedgerOptions,
} from './telephony/playback-mark-ledger.js';
export {
  describeValue,
  messageSnippet,
  objectField,
  optionalObjectField,
  optionalStringField,
  optionalWholeNumberField,
  type ProviderMessage,
  parseProviderMessage,
  stringField,
  stringRecord,
} from './telephony/provider-message.js';
export {
  DEFAULT_REPLAY_GUARD_MAX_ENTRIES,
  DEFAULT_REPLAY_GUARD_OPTIONS,
  ReplayGuard,
  type ReplayGuardOptions,
} from './telephony/replay-guard.js';
export {
  TelephonyAudioCodec,
  type TelephonyAudioCodecOptions,
} from './telephony/telephony-audio-codec.js';
export {
  DEFAULT_TELEPHONY_FRAME_SERIALIZER_OPTIONS,
  TelephonyFrameSerializer,
  type TelephonyFrameSerializerOptions,
  type TelephonyHangUpOptions,
} from './telephony/telephony-frame-serializer.js';
export {
  checkApiBaseUrl,
  checkUrl,
  HTTP_URL_SCHEMES,
  WEBSOCKET_URL_SCHEMES,
} from './telephony/url-checks.js';
export { escapeXml } from './telephony/xml-escape.js';
