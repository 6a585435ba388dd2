export type { AudioEncoding, CallData, MediaFormat } from './call-data.js';
export type {
  ProviderDescriptor,
  ProviderRecognition,
  StreamMarkupOptions,
  WebhookResponse,
} from './provider-descriptor.js';
export {
  headerValue,
  type IncomingRequestLike,
  type RequestVerifier,
  type VerificationResult,
} from './request-verifier.js';
