export {
  type AudioInput,
  type AudioSamples,
  type CallerAudio,
  FRAME_DURATION_MS,
  prepareCallerAudio,
} from './audio/caller-audio.js';
export {
  type CodecName,
  type CodecRequest,
  type MediaCodec,
  resolveCodec,
} from './audio/media-codec.js';
export {
  CALL_EVENT_TYPES,
  type CallEvent,
  type CallEventMap,
  type CallEventOf,
  type CallEventType,
  type HangUpSide,
  type ProtocolError,
} from './call/call-events.js';
export { CallMetrics } from './call/call-metrics.js';
export { type CallOptions, defaultCallOptions } from './call/call-options.js';
export { CallRefusedError } from './call/call-refused-error.js';
export { type CallStep, DTMF_DIGIT_INTERVAL_MS, type StepTime } from './call/call-script.js';
export type { BotUtterance, CallSummary, ClearRecord } from './call/call-summary.js';
export type { SentAudio } from './call/caller-stream.js';
export {
  type CallResult,
  DEFAULT_WAIT_TIMEOUT_MS,
  type RecordedAudio,
  runCall,
  SimulatedCall,
  startCall,
  type WaitForOptions,
} from './call/simulated-call.js';
export {
  ALREADY_ENDED_RESPONSES,
  type FakeApiResponse,
  type FakeProviderApi,
  type FakeProviderApiOptions,
  type RecordedApiRequest,
  startFakeProviderApi,
} from './fake-api/fake-provider-api.js';
export { formatCallSummary } from './format/format-call-summary.js';
export { formatLoadReport } from './format/format-load-report.js';
export {
  RawWebSocketClient,
  type RawWebSocketOpenOptions,
  WEBSOCKET_OPCODE,
} from './hostile/raw-websocket-client.js';
export { Histogram, type Percentiles } from './load/histogram.js';
export {
  type LoadOptions,
  type LoadReport,
  MAX_LOAD_CALL_DURATION_MS,
  MAX_LOAD_CALLS,
  runLoad,
} from './load/run-load.js';
export type { CallIds, ProtocolViolation } from './providers/provider-dialect.js';
export { PROVIDER_NAMES, type ProviderName, parseProviderName } from './providers/provider-name.js';
export { TELNYX_INVALID_MEDIA, TELNYX_MALFORMED_FRAME } from './providers/telnyx-dialect.js';
export {
  TWILIO_INVALID_MESSAGE,
  TWILIO_MALFORMED_MESSAGE,
  TWILIO_PROTOCOL_ERROR,
} from './providers/twilio-dialect.js';
// The signing primitives stay inside the simulator: its public signing API is the signed headers
// of a whole webhook or upgrade (the provider packages export their own signature functions).
export { plivoWebSocketSignatureUrl } from './signing/plivo-signature.js';
export {
  generateTelnyxWebhookKeys,
  type TelnyxWebhookKeys,
} from './signing/telnyx-webhook-signature.js';
export { signedUpgradeHeaders, type UpgradeSigningInput } from './signing/upgrade-headers.js';
export {
  MEDIA_TICK_INTERVAL_MS,
  MediaTicker,
  type MediaTickerOptions,
} from './timing/media-ticker.js';
export { dialWebhook, MAX_WEBHOOK_ANSWER_BYTES } from './webhook/dial-webhook.js';
export {
  parsePlivoExtraHeaders,
  parseStreamMarkup,
  type StreamMarkup,
} from './webhook/parse-stream-markup.js';
export {
  defaultWebhookDialOptions,
  type WebhookAnswer,
  type WebhookDialOptions,
} from './webhook/webhook-dial-options.js';
export { type WebhookCall, webhookFormParameters } from './webhook/webhook-form.js';
export { type WebhookFailureReason, WebhookRefusedError } from './webhook/webhook-refused-error.js';
export {
  signedWebhookHeaders,
  type WebhookSigningInput,
} from './webhook/webhook-signature-headers.js';
