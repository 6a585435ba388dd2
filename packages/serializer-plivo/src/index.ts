import { MAX_TRACKED_PLAYBACK_MARKS } from '@x/transport-core/provider-kit';

export {
  createPlivo,
  PLIVO_ENVIRONMENT_VARIABLES,
  type PlivoProvider,
  type PlivoSettings,
} from './create-plivo.js';
export type { PlivoCallData } from './plivo-call-data.js';
export {
  DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS,
  PlivoFrameSerializer,
  type PlivoFrameSerializerOptions,
} from './plivo-frame-serializer.js';
export { DEFAULT_PLIVO_API_BASE_URL } from './plivo-hang-up.js';
export {
  DEFAULT_PLIVO_STREAM_XML_OPTIONS,
  PLIVO_XML_CONTENT_TYPE,
  type PlivoStreamXmlOptions,
  plivoStreamElement,
  plivoStreamXml,
} from './plivo-markup.js';
export type { PlivoStreamContentType } from './plivo-media-format.js';
export { type PlivoSerializerFactoryOptions, plivoProvider } from './plivo-provider.js';
export {
  DEFAULT_PLIVO_REQUEST_VERIFIER_OPTIONS,
  PlivoRequestVerifier,
  type PlivoRequestVerifierOptions,
} from './plivo-request-verifier.js';
export {
  PLIVO_SIGNATURE_MA_V3_HEADER,
  PLIVO_SIGNATURE_V3_HEADER,
  PLIVO_SIGNATURE_V3_NONCE_HEADER,
  type PlivoSignatureParams,
  type PlivoSignatureV3Input,
  type PlivoSignedMethod,
  plivoSignatureV3,
  verifyPlivoSignatureV3,
} from './plivo-signature.js';

/**
 * @deprecated Checkpoints are tracked by `PlaybackMarkLedger` of `@x/transport-core`, which
 * forgets the oldest past `MAX_TRACKED_PLAYBACK_MARKS`; this is that bound.
 */
export const MAX_TRACKED_CHECKPOINTS = MAX_TRACKED_PLAYBACK_MARKS;
