/**
 * `@x/serializer-telnyx/wire`: Telnyx's wire protocol, piece by piece — message parsers and types, outbound
 * message builders, the REST hang-up request, signature and markup details, media formats. The
 * package root has what a bot or server needs; this entry is for tools and tests that speak the
 * protocol themselves.
 */
export {
  checkTelnyxBotAudioFormat,
  checkTelnyxCallerAudioFormat,
  G711_SAMPLE_RATE_HZ,
  parseTelnyxMediaFormat,
  sameMediaFormat,
  TELNYX_BIDIRECTIONAL_SAMPLE_RATES,
  TELNYX_DEFAULT_BOT_AUDIO_FORMAT,
  TELNYX_SUPPORTED_ENCODINGS,
  telnyxCodecOf,
} from './telnyx-audio-format.js';
export { MAX_TELNYX_STREAM_AUTH_TOKEN_LENGTH } from './telnyx-call-control.js';
export { telnyxCallDataFromStart } from './telnyx-call-data.js';
export { TELNYX_PROVIDER_NAME } from './telnyx-frame-serializer.js';
export {
  isTelnyxCallAlreadyEnded,
  TELNYX_CALL_ALREADY_ENDED_CODE,
  TELNYX_HANG_UP_BODY,
  type TelnyxHangUpRequestOptions,
  telnyxHangUpRequest,
} from './telnyx-hang-up.js';
export {
  checkStreamUrl,
  DEFAULT_TELNYX_STREAM_TRACK,
  escapeXmlAttribute,
} from './telnyx-markup.js';
export {
  DEFAULT_REORDER_WINDOW_FRAMES,
  MAX_REORDER_WINDOW_FRAMES,
  MediaReorderBuffer,
} from './telnyx-media-order.js';
export {
  parseTelnyxMessage,
  readTelnyxMessage,
  TELNYX_CLEAR_MESSAGE,
  TELNYX_STREAM_AUTH_TOKEN_FIELD,
  type TelnyxDtmfMessage,
  type TelnyxErrorMessage,
  type TelnyxInboundEvent,
  type TelnyxInboundMessage,
  type TelnyxMarkMessage,
  type TelnyxMediaMessage,
  type TelnyxStartMessage,
  type TelnyxStopMessage,
  telnyxMarkMessage,
  telnyxMediaMessage,
} from './telnyx-messages.js';
export {
  MAX_OUTBOUND_CHUNK_MS,
  MIN_OUTBOUND_CHUNK_MS,
  OutboundChunkBuffer,
} from './telnyx-outbound-chunks.js';
export { verifyTelnyxStreamAuthToken } from './telnyx-request-verifier.js';
export { DEFAULT_TELNYX_SIGNATURE_TOLERANCE_SECONDS } from './telnyx-signature.js';
