import type { Logger } from '../logging/logger.js';
import type { FrameSerializer } from '../serializer/frame-serializer.js';
import type { FetchFunction } from '../telephony/call-hang-up.js';
import { CallBoundStreams } from './call-bound-streams.js';
import type { CallData } from './call-data.js';
import type { ProviderRecognition, WebhookResponse } from './provider-descriptor.js';
import type { ResolvedProviderSettings } from './provider-settings.js';
import {
  headerValue,
  type IncomingRequestLike,
  type RequestVerifier,
  type VerificationResult,
} from './request-verifier.js';
import type {
  AnswerWebhookOptions,
  CallSerializerContext,
  TelephonyProvider,
  TelephonyProviderSecurity,
} from './telephony-provider.js';

/** What a provider's settings turn on, without the words: what `summary` is written from. */
export type TelephonyProviderSecurityFlags = Omit<TelephonyProviderSecurity, 'summary'>;

/** One kind of request a provider checks (webhooks or upgrades), and the setting turning it on. */
export interface ProviderRequestChecks {
  /**
   * Checks the requests (`verifyWebhook` for webhooks, `verifyUpgrade` for upgrades); undefined
   * when the secret that checks them is unset: every request is then refused, naming `variable`.
   */
  readonly verifier: RequestVerifier | undefined;
  /** Environment variable of the secret that turns the check on, e.g. `TWILIO_AUTH_TOKEN`. */
  readonly variable: string;
  /** Said in brackets after the refusal when the check is off, e.g. why no other proof exists. */
  readonly note?: string | undefined;
}

/** What every telephony serializer takes from the common settings and the call's context. */
export interface TelephonySerializerCommonOptions {
  /** Bound on the REST hang-up, in milliseconds (`settings.hangUpTimeoutMs`). */
  readonly hangUpTimeoutMs: number;
  /** `fetch` for the REST hang-up; absent: the global one. */
  readonly fetch?: FetchFunction;
  /** Logger of the call (`context.logger`); absent: the transport's. */
  readonly logger?: Logger;
}

/** What `TelephonyProviderParts.createSerializer` is given besides the call data. */
export interface TelephonySerializerRequest {
  /**
   * Hang the call up over REST at its end: hang-up is enabled, the server says the stream is
   * call-bound, and the call data's token checks. Bind the REST credentials in only when true.
   */
  readonly hangUp: boolean;
  /** The call's context, as the server passed it to `createSerializer`. */
  readonly context: CallSerializerContext;
  /** Options every telephony serializer takes: spread them into the serializer's options. */
  readonly common: TelephonySerializerCommonOptions;
}

/**
 * A provider's own parts, from which `defineTelephonyProvider` builds its `TelephonyProvider`:
 * names, wire format, verifiers and credentials, but none of the rules every provider shares.
 */
export interface TelephonyProviderParts<C extends CallData, S extends FrameSerializer> {
  /** Provider name, as its call data names it (e.g. `twilio`). */
  readonly name: C['provider'];
  /** Display name (e.g. `Twilio`); it starts the refusals. */
  readonly title: string;
  /** The factory's checked common settings: token secret and lifetime, clock, hang-up bound. */
  readonly settings: ResolvedProviderSettings;
  /**
   * The provider's own secret, from which the call-token secret is derived when neither
   * `callTokenSecret` nor `STREAM_TOKEN_SECRET` is set; undefined: a random one per process.
   */
  readonly providerSecret: string | undefined;
  /** Looks at one parsed JSON message read from a new socket. Never throws. */
  recognize(message: unknown): ProviderRecognition<C>;
  /** Headers carrying the provider's proof on an upgrade: a request with any of them is claimed. */
  readonly upgradeHeaders: readonly string[];
  /** How webhooks are checked; streams are call-bound exactly when they are. */
  readonly webhooks: ProviderRequestChecks;
  /** How WebSocket upgrades are checked. */
  readonly upgrades: ProviderRequestChecks;
  /** The REST credentials are set: hang-up is on when streams are call-bound too. */
  readonly restCredentials: boolean;
  /** One line for humans: what the flags mean for this provider, and what turns each on. */
  summary(flags: TelephonyProviderSecurityFlags): string;
  /** The call id a webhook is about, as the stream's start names it; undefined when not said. */
  callIdOfWebhook(request: IncomingRequestLike): string | undefined;
  /** The markup connecting the call to `streamUrl`, passing `parameters` (with the call token). */
  writeWebhookAnswer(answer: {
    streamUrl: string;
    parameters: Record<string, string>;
  }): WebhookResponse;
  /** Builds the serializer of one call; REST hang-up credentials only when `request.hangUp`. */
  createSerializer(callData: C, request: TelephonySerializerRequest): S;
}

/** A `TelephonyProvider` whose serializers are `S`: what `defineTelephonyProvider` returns. */
export interface DefinedTelephonyProvider<C extends CallData, S extends FrameSerializer>
  extends TelephonyProvider<C> {
  /** Builds the call's serializer, hanging up over REST only when the stream proved its call. */
  createSerializer(callData: C, context: CallSerializerContext): S;
}

function refusalOf(title: string, what: string, checks: ProviderRequestChecks): VerificationResult {
  const note = checks.note === undefined ? '' : ` (${checks.note})`;
  return Object.freeze({
    ok: false,
    reason: `${title} ${what} cannot be checked: set ${checks.variable}${note}`,
  });
}

/**
 * Builds a provider factory's `TelephonyProvider` from the provider's own parts, with the rules
 * every provider shares:
 *
 * - webhooks and upgrades are checked by their verifier; without one, every request is refused
 *   with a reason naming the variable that turns the check on;
 * - streams are call-bound exactly when webhooks are verified: the webhook answer then carries a
 *   token for the webhook's call, and `checkStream` requires it (else refuses every stream,
 *   naming the webhook variable);
 * - hang-up over REST is enabled only with the REST credentials and call-bound streams, and a
 *   serializer hangs up only when it is enabled, the server says the stream is call-bound
 *   (`context.callBound`) and the call data's token checks;
 * - an upgrade is claimed when it carries any of the provider's proof headers.
 *
 * The result is frozen.
 *
 * ```ts
 * return defineTelephonyProvider({ name: 'acme', title: 'Acme', settings: resolved, … });
 * ```
 * @throws RangeError for a call-token secret under 32 bytes or a lifetime that is not whole.
 */
export function defineTelephonyProvider<C extends CallData, S extends FrameSerializer>(
  parts: TelephonyProviderParts<C, S>,
): DefinedTelephonyProvider<C, S> {
  const { title, webhooks, upgrades, settings } = parts;
  const streams = new CallBoundStreams({
    provider: parts.name,
    enabled: webhooks.verifier !== undefined,
    disabledReason: `${title} streams are not call-bound: set ${webhooks.variable} so webhooks are verified and their answers carry call tokens`,
    secret: settings.callTokenSecret,
    providerSecret: parts.providerSecret,
    ttlSeconds: settings.callTokenTtlSecs,
    now: settings.now,
  });
  const hangUpEnabled = parts.restCredentials && streams.enabled;
  const flags: TelephonyProviderSecurityFlags = {
    webhooksVerified: webhooks.verifier !== undefined,
    upgradesVerified: upgrades.verifier !== undefined,
    callBoundStreams: streams.enabled,
    hangUpEnabled,
  };
  const security: TelephonyProviderSecurity = Object.freeze({
    ...flags,
    summary: parts.summary(flags),
  });
  const unverifiableWebhook = refusalOf(title, 'webhook signatures', webhooks);
  const unverifiableUpgrade = refusalOf(title, 'upgrades', upgrades);

  return Object.freeze({
    name: parts.name,
    title,
    security,
    recognize: parts.recognize,
    claimsUpgrade: (request: Pick<IncomingRequestLike, 'headers'>) =>
      parts.upgradeHeaders.some((name) => headerValue(request.headers, name) !== undefined),
    verifyWebhook: (request: IncomingRequestLike) =>
      webhooks.verifier?.verifyWebhook(request) ?? unverifiableWebhook,
    verifyUpgrade: (request: IncomingRequestLike) =>
      upgrades.verifier?.verifyUpgrade(request) ?? unverifiableUpgrade,
    callIdOfWebhook: parts.callIdOfWebhook,
    answerWebhook(request: IncomingRequestLike, options: AnswerWebhookOptions): WebhookResponse {
      const callId = streams.enabled ? parts.callIdOfWebhook(request) : undefined;
      return parts.writeWebhookAnswer({
        streamUrl: options.streamUrl,
        parameters: streams.streamParameters(callId, options.parameters),
      });
    },
    checkStream: (callData: C) => streams.check(callData),
    createSerializer(callData: C, context: CallSerializerContext): S {
      const hangUp = hangUpEnabled && context.callBound && streams.check(callData).ok;
      return parts.createSerializer(callData, {
        hangUp,
        context,
        common: {
          hangUpTimeoutMs: settings.hangUpTimeoutMs,
          ...(settings.fetch !== undefined && { fetch: settings.fetch }),
          ...(context.logger !== undefined && { logger: context.logger }),
        },
      });
    },
  });
}
