import { MAX_TRACKED_PLAYBACK_MARKS } from '@x/transport-core/provider-kit';

export {
  createTwilio,
  TWILIO_ENVIRONMENT_VARIABLES,
  type TwilioProvider,
  type TwilioSettings,
} from './create-twilio.js';
export type { TwilioCallData } from './twilio-call-data.js';
export {
  DEFAULT_TWILIO_FRAME_SERIALIZER_OPTIONS,
  TwilioFrameSerializer,
  type TwilioFrameSerializerOptions,
} from './twilio-frame-serializer.js';
export { DEFAULT_TWILIO_API_BASE_URL } from './twilio-hang-up.js';
export {
  type TwilioCallbackMethod,
  type TwilioStreamParameter,
  type TwimlConnectStreamOptions,
  twimlConnectStream,
} from './twilio-markup.js';
export {
  TWIML_CONTENT_TYPE,
  type TwilioSerializerFactoryOptions,
  twilioProvider,
} from './twilio-provider.js';
export {
  TwilioRequestVerifier,
  type TwilioRequestVerifierOptions,
} from './twilio-request-verifier.js';
export {
  TWILIO_SIGNATURE_HEADER,
  type TwilioAuthTokens,
  type TwilioSignatureParams,
  twilioSignature,
  verifyTwilioSignature,
  verifyTwilioSignatureWithBody,
} from './twilio-signature.js';

/**
 * @deprecated Marks are tracked by `PlaybackMarkLedger` of `@x/transport-core`, which forgets the
 * oldest past `MAX_TRACKED_PLAYBACK_MARKS`; this is that bound.
 */
export const MAX_TRACKED_MARKS = MAX_TRACKED_PLAYBACK_MARKS;
