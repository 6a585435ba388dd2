/**
 * `@x/serializer-plivo/wire`: Plivo's wire protocol, piece by piece — message parsers and types, outbound
 * message builders, the REST hang-up request, signature and markup details, media formats. The
 * package root has what a bot or server needs; this entry is for tools and tests that speak the
 * protocol themselves.
 */
export { plivoCallDataFromStart } from './plivo-call-data.js';
export {
  formatPlivoExtraHeaders,
  PLIVO_EXTRA_HEADERS_MAX_BYTES,
  PLIVO_EXTRA_HEADERS_SEPARATOR,
  parsePlivoExtraHeaders,
} from './plivo-extra-headers.js';
export { PLIVO_PROVIDER_NAME } from './plivo-frame-serializer.js';
export {
  checkPlivoCallId,
  isPlivoCallAlreadyEnded,
  PLIVO_CALL_NOT_FOUND_STATUS,
  PLIVO_HANG_UP_SUCCESS_STATUSES,
  type PlivoHangUpRequestOptions,
  plivoHangUpRequest,
} from './plivo-hang-up.js';
export {
  escapeXml,
  PLIVO_NOISE_CANCELLATION_MAX_LEVEL,
  PLIVO_NOISE_CANCELLATION_MIN_LEVEL,
} from './plivo-markup.js';
export {
  checkPlivoMediaFormat,
  DEFAULT_PLIVO_STREAM_CONTENT_TYPE,
  isPlivoMediaFormat,
  PLIVO_CHANNELS,
  PLIVO_L16_CONTENT_TYPE,
  PLIVO_MULAW_8K_FORMAT,
  PLIVO_MULAW_CONTENT_TYPE,
  PLIVO_NARROWBAND_SAMPLE_RATE_HZ,
  PLIVO_WIDEBAND_SAMPLE_RATE_HZ,
  type PlivoContentType,
  plivoContentType,
  plivoMediaFormat,
  plivoStreamContentType,
} from './plivo-media-format.js';
export {
  PLIVO_INBOUND_EVENTS,
  PLIVO_OUTBOUND_EVENTS,
  type PlivoCheckpointMessage,
  type PlivoClearAudioMessage,
  type PlivoClearedAudioMessage,
  type PlivoDtmfMessage,
  type PlivoErrorMessage,
  type PlivoInboundMessage,
  type PlivoMediaMessage,
  type PlivoOutboundMessage,
  type PlivoPlayAudioMessage,
  type PlivoPlayedStreamMessage,
  type PlivoSendDtmfMessage,
  type PlivoStartMessage,
  type PlivoStopMessage,
  parsePlivoMessage,
  parsePlivoStart,
} from './plivo-messages.js';
export { recognizePlivoMessage } from './plivo-provider.js';
export {
  PLIVO_SIGNATURE_MA_V2_HEADER,
  PLIVO_SIGNATURE_V2_HEADER,
  PLIVO_SIGNATURE_V2_NONCE_HEADER,
  type PlivoSignatureV2Input,
  plivoSignatureV2,
  plivoSignatureV3BaseUrl,
  plivoUpgradeSignatureUrls,
  verifyPlivoSignatureV2,
} from './plivo-signature.js';
