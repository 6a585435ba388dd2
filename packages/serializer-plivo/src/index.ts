import { MAX_TRACKED_PLAYBACK_MARKS } from '@x/transport-core';

export {
  createPlivo,
  PLIVO_ENVIRONMENT_VARIABLES,
  type PlivoProvider,
  type PlivoSettings,
} from './create-plivo.js';
export { type PlivoCallData, plivoCallDataFromStart } from './plivo-call-data.js';
export {
  formatPlivoExtraHeaders,
  PLIVO_EXTRA_HEADERS_MAX_BYTES,
  PLIVO_EXTRA_HEADERS_SEPARATOR,
  parsePlivoExtraHeaders,
} from './plivo-extra-headers.js';
export {
  DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS,
  PLIVO_PROVIDER_NAME,
  PlivoFrameSerializer,
  type PlivoFrameSerializerOptions,
} from './plivo-frame-serializer.js';
export {
  checkPlivoCallId,
  isPlivoCallAlreadyEnded,
  PLIVO_API_BASE_URL,
  PLIVO_CALL_NOT_FOUND_STATUS,
  PLIVO_HANG_UP_SUCCESS_STATUSES,
  type PlivoHangUpRequestOptions,
  plivoHangUpRequest,
} from './plivo-hang-up.js';
export {
  DEFAULT_PLIVO_STREAM_XML_OPTIONS,
  escapeXml,
  PLIVO_NOISE_CANCELLATION_MAX_LEVEL,
  PLIVO_NOISE_CANCELLATION_MIN_LEVEL,
  PLIVO_XML_CONTENT_TYPE,
  type PlivoStreamXmlOptions,
  plivoStreamElement,
  plivoStreamXml,
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
  type PlivoStreamContentType,
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
export {
  type PlivoSerializerFactoryOptions,
  plivoProvider,
  recognizePlivoMessage,
} from './plivo-provider.js';
export {
  DEFAULT_PLIVO_REQUEST_VERIFIER_OPTIONS,
  PlivoRequestVerifier,
  type PlivoRequestVerifierOptions,
} from './plivo-request-verifier.js';
export {
  PLIVO_SIGNATURE_MA_V2_HEADER,
  PLIVO_SIGNATURE_MA_V3_HEADER,
  PLIVO_SIGNATURE_V2_HEADER,
  PLIVO_SIGNATURE_V2_NONCE_HEADER,
  PLIVO_SIGNATURE_V3_HEADER,
  PLIVO_SIGNATURE_V3_NONCE_HEADER,
  type PlivoSignatureParams,
  type PlivoSignatureV2Input,
  type PlivoSignatureV3Input,
  type PlivoSignedMethod,
  plivoSignatureV2,
  plivoSignatureV3,
  plivoSignatureV3BaseUrl,
  plivoUpgradeSignatureUrls,
  verifyPlivoSignatureV2,
  verifyPlivoSignatureV3,
} from './plivo-signature.js';

/**
 * @deprecated Checkpoints are tracked by `PlaybackMarkLedger` of `@x/transport-core`, which
 * forgets the oldest past `MAX_TRACKED_PLAYBACK_MARKS`; this is that bound.
 */
export const MAX_TRACKED_CHECKPOINTS = MAX_TRACKED_PLAYBACK_MARKS;
