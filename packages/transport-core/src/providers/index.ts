export type { AudioEncoding, CallData, MediaFormat } from './call-data.js';
export {
  DEFAULT_DETECTION_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGES_BEFORE_START,
  type DetectedCall,
  type DetectProviderOptions,
  detectProvider,
  MAX_HELD_MESSAGES,
  ProviderDetectionError,
  type ProviderDetectionFailure,
} from './detect-provider.js';
export type {
  ProviderDescriptor,
  ProviderRecognition,
  StreamMarkupOptions,
  WebhookResponse,
} from './provider-descriptor.js';
export type { ProviderRecognizer, RecognizedCallData } from './provider-recognizer.js';
export {
  headerValue,
  type IncomingRequestLike,
  type RequestVerifier,
  type VerificationResult,
} from './request-verifier.js';
export type {
  AnswerWebhookOptions,
  CallSerializerContext,
  DetectedProvider,
  TelephonyProvider,
  TelephonyProviderCommonSettings,
  TelephonyProviderSecurity,
} from './telephony-provider.js';
