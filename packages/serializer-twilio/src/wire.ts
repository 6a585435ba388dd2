/**
 * `@x/serializer-twilio/wire`: Twilio's wire protocol, piece by piece — message parsers and types, outbound
 * message builders, the REST hang-up request, signature and markup details, media formats. The
 * package root has what a bot or server needs; this entry is for tools and tests that speak the
 * protocol themselves.
 */
export {
  TWILIO_FROM_PARAMETER_NAMES,
  TWILIO_MEDIA_FORMAT,
  TWILIO_TO_PARAMETER_NAMES,
  twilioCallDataFromStart,
} from './twilio-call-data.js';
export {
  isTwilioCallAlreadyEnded,
  TWILIO_CALL_NOT_IN_PROGRESS_ERROR_CODE,
  TWILIO_DEFAULT_REGION,
  TWILIO_HANG_UP_SUCCESS_STATUSES,
  TWILIO_NOT_FOUND_ERROR_CODE,
  type TwilioApiLocation,
  type TwilioHangUpRequestOptions,
  twilioApiBaseUrl,
  twilioHangUpRequest,
} from './twilio-hang-up.js';
export { escapeXmlAttribute, TWILIO_PARAMETER_MAX_COMBINED_LENGTH } from './twilio-markup.js';
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
export { twilioUpgradeUrl } from './twilio-request-verifier.js';
export {
  parseTwilioFormBody,
  TWILIO_BODY_HASH_PARAMETER,
  twilioBodyHashOf,
  twilioBodySha256,
  twilioSignatureData,
  twilioSignedUrlCandidates,
} from './twilio-signature.js';
