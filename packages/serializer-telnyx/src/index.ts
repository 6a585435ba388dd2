import { MAX_TRACKED_PLAYBACK_MARKS } from '@x/transport-core';

export {
  createTelnyx,
  TELNYX_ENVIRONMENT_VARIABLES,
  type TelnyxProvider,
  type TelnyxSettings,
} from './create-telnyx.js';
export {
  checkTelnyxBotAudioFormat,
  checkTelnyxCallerAudioFormat,
  G711_SAMPLE_RATE_HZ,
  parseTelnyxMediaFormat,
  sameMediaFormat,
  TELNYX_BIDIRECTIONAL_SAMPLE_RATES,
  TELNYX_CODECS,
  TELNYX_DEFAULT_BOT_AUDIO_FORMAT,
  TELNYX_SUPPORTED_ENCODINGS,
  type TelnyxCodec,
  telnyxCodecOf,
} from './telnyx-audio-format.js';
export {
  MAX_TELNYX_STREAM_AUTH_TOKEN_LENGTH,
  type TelnyxStreamingParameters,
  type TelnyxStreamingParametersOptions,
  telnyxStreamingParameters,
} from './telnyx-call-control.js';
export { type TelnyxCallData, telnyxCallDataFromStart } from './telnyx-call-data.js';
export {
  DEFAULT_TELNYX_FRAME_SERIALIZER_OPTIONS,
  TELNYX_PROVIDER_NAME,
  TelnyxFrameSerializer,
  type TelnyxFrameSerializerOptions,
  type TelnyxInboundMediaStats,
} from './telnyx-frame-serializer.js';
export {
  DEFAULT_TELNYX_API_BASE_URL,
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
  TEXML_CONTENT_TYPE,
  type TelnyxCallerCodecRequest,
  type TelnyxStreamTrack,
  type TexmlConnectStreamOptions,
  texmlConnectStream,
} from './telnyx-markup.js';
export {
  DEFAULT_REORDER_WINDOW_FRAMES,
  MAX_REORDER_WINDOW_FRAMES,
  type MediaOrderStats,
  MediaReorderBuffer,
} from './telnyx-media-order.js';
export {
  parseTelnyxMessage,
  readTelnyxMessage,
  TELNYX_CLEAR_MESSAGE,
  TELNYX_STREAM_AUTH_TOKEN_FIELD,
  type TelnyxConnectedMessage,
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
export {
  createTelnyxProvider,
  type TelnyxProviderDescriptor,
  type TelnyxProviderOptions,
  type TelnyxSerializerFactoryOptions,
  telnyxProvider,
} from './telnyx-provider.js';
export {
  DEFAULT_TELNYX_REQUEST_VERIFIER_OPTIONS,
  TELNYX_STREAM_AUTH_TOKEN_HEADER,
  TelnyxRequestVerifier,
  type TelnyxRequestVerifierOptions,
  verifyTelnyxStreamAuthToken,
} from './telnyx-request-verifier.js';
export {
  DEFAULT_TELNYX_SIGNATURE_TOLERANCE_SECONDS,
  type SignTelnyxWebhookOptions,
  signTelnyxWebhook,
  TELNYX_SIGNATURE_HEADER,
  TELNYX_TIMESTAMP_HEADER,
  type TelnyxPublicKeyInput,
  telnyxPublicKey,
  type VerifyTelnyxSignatureOptions,
  verifyTelnyxSignature,
} from './telnyx-signature.js';

/**
 * @deprecated Marks are tracked by `PlaybackMarkLedger` of `@x/transport-core`, which forgets the
 * oldest past `MAX_TRACKED_PLAYBACK_MARKS`; this is that bound.
 */
export const MAX_OUTSTANDING_MARKS = MAX_TRACKED_PLAYBACK_MARKS;
