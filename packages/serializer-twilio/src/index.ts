import { MAX_TRACKED_PLAYBACK_MARKS } from '@x/transport-core';

export {
  createTwilio,
  TWILIO_ENVIRONMENT_VARIABLES,
  type TwilioProvider,
  type TwilioSettings,
} from './create-twilio.js';
export {
  TWILIO_FROM_PARAMETER_NAMES,
  TWILIO_MEDIA_FORMAT,
  TWILIO_TO_PARAMETER_NAMES,
  type TwilioCallData,
  twilioCallDataFromStart,
} from './twilio-call-data.js';
export {
  DEFAULT_TWILIO_FRAME_SERIALIZER_OPTIONS,
  TwilioFrameSerializer,
  type TwilioFrameSerializerOptions,
} from './twilio-frame-serializer.js';
export {
  isTwilioCallAlreadyEnded,
  TWILIO_CALL_NOT_IN_PROGRESS_ERROR_CODE,
  TWILIO_DEFAULT_API_BASE_URL,
  TWILIO_DEFAULT_REGION,
  TWILIO_HANG_UP_SUCCESS_STATUSES,
  TWILIO_NOT_FOUND_ERROR_CODE,
  type TwilioApiLocation,
  type TwilioHangUpRequestOptions,
  twilioApiBaseUrl,
  twilioHangUpRequest,
} from './twilio-hang-up.js';
export {
  escapeXmlAttribute,
  TWILIO_PARAMETER_MAX_COMBINED_LENGTH,
  type TwilioCallbackMethod,
  type TwilioStreamParameter,
  type TwimlConnectStreamOptions,
  twimlConnectStream,
} from './twilio-markup.js';
export {
  describeMediaFormat,
  isTwilioMediaFormat,
  parseTwilioMessage,
  parseTwilioMessageObject,
  TWILIO_CHANNELS,
  TWILIO_INBOUND_EVENTS,
  TWILIO_MEDIA_ENCODING,
  TWILIO_OUTBOUND_EVENTS,
  TWILIO_SAMPLE_RATE_HZ,
  type TwilioConnectedMessage,
  type TwilioDtmfMessage,
  type TwilioInboundMessage,
  type TwilioMarkMessage,
  type TwilioMediaMessage,
  type TwilioOutboundMessage,
  type TwilioStartMessage,
  type TwilioStopMessage,
  type TwilioWireMediaFormat,
} from './twilio-messages.js';
export {
  readTwilioTransportMessage,
  TwilioOutboundMessages,
  type TwilioTransportMessage,
} from './twilio-outbound-messages.js';
export {
  TWIML_CONTENT_TYPE,
  type TwilioSerializerFactoryOptions,
  twilioProvider,
} from './twilio-provider.js';
export {
  TwilioRequestVerifier,
  type TwilioRequestVerifierOptions,
  twilioUpgradeUrl,
} from './twilio-request-verifier.js';
export {
  parseTwilioFormBody,
  TWILIO_BODY_HASH_PARAMETER,
  TWILIO_SIGNATURE_HEADER,
  type TwilioAuthTokens,
  type TwilioSignatureParams,
  twilioBodyHashOf,
  twilioBodySha256,
  twilioSignature,
  twilioSignatureData,
  twilioSignedUrlCandidates,
  validateTwilioSignature,
  validateTwilioSignatureWithBody,
} from './twilio-signature.js';

/**
 * @deprecated Marks are tracked by `PlaybackMarkLedger` of `@x/transport-core`, which forgets the
 * oldest past `MAX_TRACKED_PLAYBACK_MARKS`; this is that bound.
 */
export const MAX_TRACKED_MARKS = MAX_TRACKED_PLAYBACK_MARKS;
