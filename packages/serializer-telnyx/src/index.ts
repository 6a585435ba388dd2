import { MAX_TRACKED_PLAYBACK_MARKS } from '@x/transport-core/provider-kit';

export {
  createTelnyx,
  TELNYX_ENVIRONMENT_VARIABLES,
  type TelnyxProvider,
  type TelnyxSettings,
} from './create-telnyx.js';
export type { TelnyxCodec } from './telnyx-audio-format.js';
export { TELNYX_CODECS } from './telnyx-audio-format.js';
export {
  type TelnyxStreamingParameters,
  type TelnyxStreamingParametersOptions,
  telnyxStreamingParameters,
} from './telnyx-call-control.js';
export type { TelnyxCallData } from './telnyx-call-data.js';
export {
  DEFAULT_TELNYX_FRAME_SERIALIZER_OPTIONS,
  TelnyxFrameSerializer,
  type TelnyxFrameSerializerOptions,
  type TelnyxInboundMediaStats,
} from './telnyx-frame-serializer.js';
export { DEFAULT_TELNYX_API_BASE_URL } from './telnyx-hang-up.js';
export {
  TEXML_CONTENT_TYPE,
  type TelnyxCallerCodecRequest,
  type TelnyxStreamTrack,
  type TexmlConnectStreamOptions,
  texmlConnectStream,
} from './telnyx-markup.js';
export type { MediaOrderStats } from './telnyx-media-order.js';
export type { TelnyxConnectedMessage } from './telnyx-messages.js';
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
} from './telnyx-request-verifier.js';
export {
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
