export {
  type ConformanceCapabilities,
  type ConformanceProviderSettings,
  type ConformanceSigning,
  DEFAULT_ECHO_CODECS,
  type EchoCodec,
  type ProviderConformanceSubject,
} from './conformance-subject.js';
export {
  CONFORMANCE_PUBLIC_STREAM_URL,
  CONFORMANCE_PUBLIC_URL,
  CONFORMANCE_STREAM_PATH,
  publicWebhookUrl,
} from './conformance-urls.js';
export { describeProviderConformance } from './describe-provider-conformance.js';
export { type EchoMatch, fadedTone, findEcho } from './echo-audio.js';
export {
  KNOWN_OPENING_MESSAGE_FILES,
  type KnownOpeningMessage,
  knownOpeningMessages,
} from './known-opening-messages.js';
