import type { Logger } from '../logging/logger.js';
import type { FrameSerializer } from '../serializer/frame-serializer.js';
import type { FetchFunction } from '../telephony/call-hang-up.js';
import type { CallData } from './call-data.js';
import type { ProviderRecognition, WebhookResponse } from './provider-descriptor.js';
import type { ProviderRecognizer, RecognizedCallData } from './provider-recognizer.js';
import type { IncomingRequestLike, VerificationResult } from './request-verifier.js';

/** What a provider made by `createTwilio` / `createTelnyx` / `createPlivo` checks and does. */
export interface TelephonyProviderSecurity {
  /** Webhooks are checked against the provider's signature (its secret is set). */
  readonly webhooksVerified: boolean;
  /** WebSocket upgrades are checked against the provider's signature or stream token. */
  readonly upgradesVerified: boolean;
  /**
   * Webhook answers carry a per-call token and a stream must present it at `start`: on exactly
   * when webhooks are verified (a token minted for an unverified webhook proves nothing).
   */
  readonly callBoundStreams: boolean;
  /** Calls are hung up over the provider's REST API: credentials set and streams call-bound. */
  readonly hangUpEnabled: boolean;
  /** One line for humans: what is on, what is off, and which setting turns it on. */
  readonly summary: string;
}

/** Options of `TelephonyProvider.answerWebhook`. */
export interface AnswerWebhookOptions {
  /** Public `wss://` URL of the stream endpoint the call connects to. */
  streamUrl: string;
  /** Custom parameters delivered in the stream's start message (the call token is added). */
  parameters?: Readonly<Record<string, string>>;
}

/** What a call's serializer depends on besides the provider's own settings. */
export interface CallSerializerContext {
  /**
   * The stream proved it belongs to its call (`checkStream` passed). Without it the serializer
   * never hangs the call up over REST, whatever the credentials.
   */
  callBound: boolean;
  /**
   * The upgrade request passed `verifyUpgrade` with the provider's own proof (headers); Telnyx's
   * serializer then need not see the stream auth token again in `connected`. Default false.
   */
  upgradeVerified?: boolean;
  /** Logger of the call; default the transport's. */
  logger?: Logger;
}

/**
 * One provider bound to its settings: everything a server needs to answer its webhooks, accept
 * its streams and serve its calls, with one shape for every provider. Made by the provider
 * packages' factories (`createTwilio(settings)`, `createTelnyx(settings)`, `createPlivo(settings)`);
 * a list of them goes straight to `detectProvider`, with no casts.
 */
export interface TelephonyProvider<C extends CallData = CallData> extends ProviderRecognizer<C> {
  /**
   * Provider name, e.g. `twilio` (the `provider` of its call data): also the conventional webhook
   * path (`/twilio`).
   */
  readonly name: C['provider'];
  /** Display name for humans, e.g. `Twilio`. */
  readonly title: string;
  /** What this provider's settings turn on. */
  readonly security: TelephonyProviderSecurity;
  /** Looks at one parsed JSON message read from a new socket (see `detectProvider`). Never throws. */
  recognize(message: unknown): ProviderRecognition<C>;
  /** Whether an upgrade request carries this provider's authentication headers. */
  claimsUpgrade(request: Pick<IncomingRequestLike, 'headers'>): boolean;
  /**
   * Checks a webhook's signature. Refuses (with a reason naming the missing setting) when
   * webhooks cannot be verified: servers decide whether to accept unverified webhooks.
   */
  verifyWebhook(request: IncomingRequestLike): VerificationResult;
  /** Checks a WebSocket upgrade; refuses when upgrades cannot be verified, like `verifyWebhook`. */
  verifyUpgrade(request: IncomingRequestLike): VerificationResult;
  /**
   * The call id a webhook is about, as the stream's start message will name it (`callId` of the
   * call data); undefined when the request does not say. Never throws. Read it from a verified
   * request only: it is what the answer's call token is bound to. Servers that refuse webhooks
   * naming no call (their stream could never start) check it before `answerWebhook`.
   */
  callIdOfWebhook(request: IncomingRequestLike): string | undefined;
  /**
   * The markup answering a (verified) webhook: connects the call to `streamUrl` and, when
   * streams are call-bound, carries a token for the webhook's call id. Never throws for a
   * request without a call id: the answer then has no token, and its stream will be refused.
   */
  answerWebhook(request: IncomingRequestLike, options: AnswerWebhookOptions): WebhookResponse;
  /**
   * Checks that a detected stream belongs to the call it names (its start carries a valid call
   * token for that call id, not expired). Refuses when streams are not call-bound, with the
   * reason naming the setting that turns them on. Never throws.
   */
  checkStream(callData: C): VerificationResult;
  /**
   * Builds the serializer of one call, with the provider's credentials bound in. It hangs the
   * call up over REST only when `security.hangUpEnabled` and `context.callBound` are both true
   * (and the call data's token checks, so a claim alone is not enough).
   * @throws RangeError when the call data cannot be served (e.g. a media format the serializer
   * refuses).
   */
  createSerializer(callData: C, context: CallSerializerContext): FrameSerializer;
}

/** `true` when `T` is a union of several types. */
type IsUnion<T, All = T> = T extends unknown ? ([All] extends [T] ? false : true) : never;

/**
 * The type of `DetectedCall.provider` for a list of recognisers `P`: `P` itself and, when they
 * are several `TelephonyProvider`s, also a provider over the union of their call data, so that
 * `call.provider.createSerializer(call.callData, context)` type-checks with no cast (narrow on
 * `call.provider.name` for a provider's own members).
 */
export type DetectedProvider<P extends ProviderRecognizer> = [P] extends [TelephonyProvider]
  ? true extends IsUnion<P>
    ? P & TelephonyProvider<RecognizedCallData<P>>
    : P
  : P;

/** Settings every provider factory takes besides the provider's own credentials. */
export interface TelephonyProviderCommonSettings {
  /**
   * Secret that signs call tokens (at least 32 bytes, the same in every process serving calls);
   * default environment variable `STREAM_TOKEN_SECRET`, else derived from the provider's own
   * secret (the same in every process that has it), else random per process.
   */
  callTokenSecret?: string | Uint8Array;
  /** Lifetime of a call token, in whole seconds; default 600. */
  callTokenTtlSecs?: number;
  /** Bound on a REST hang-up, in milliseconds; default 5000. */
  hangUpTimeoutMs?: number;
  /** `fetch` for REST requests; default the global one. */
  fetch?: FetchFunction;
  /**
   * Where unset settings are read from (the documented environment variables); default
   * `process.env`. Pass `{}` to read nothing from the environment.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Wall-clock time in milliseconds since the epoch (tokens, replay windows); default `Date.now`. */
  now?: () => number;
}
