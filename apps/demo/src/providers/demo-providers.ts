import { randomBytes } from 'node:crypto';
import {
  PLIVO_SIGNATURE_MA_V3_HEADER,
  PLIVO_SIGNATURE_V3_HEADER,
  PlivoRequestVerifier,
  plivoProvider,
} from '@x/serializer-plivo';
import {
  TELNYX_STREAM_AUTH_TOKEN_HEADER,
  TelnyxRequestVerifier,
  telnyxProvider,
} from '@x/serializer-telnyx';
import {
  TWILIO_SIGNATURE_HEADER,
  TwilioRequestVerifier,
  twilioProvider,
} from '@x/serializer-twilio';
import {
  type CallData,
  CallTokenSigner,
  deriveCallTokenSecret,
  type FetchFunction,
  headerValue,
  type IncomingRequestLike,
  type ProviderDescriptor,
  type RequestVerifier,
} from '@x/transport-core';
import type { DemoConfig } from '../config/demo-config.js';

/** The providers the demo serves. */
export const DEMO_PROVIDER_NAMES = ['twilio', 'telnyx', 'plivo'] as const;

/** One of `DEMO_PROVIDER_NAMES`. */
export type DemoProviderName = (typeof DEMO_PROVIDER_NAMES)[number];

/** How the demo treats one provider, derived from its settings. */
export interface DemoProvider {
  /** Provider name, also its webhook route (`POST /<name>`). */
  readonly name: DemoProviderName;
  /** Display name for humans. */
  readonly title: string;
  /** The provider package's descriptor (detection, serializer, markup). */
  readonly descriptor: ProviderDescriptor<CallData>;
  /** Checks webhooks when the provider's webhook secret is set. */
  readonly webhookVerifier: RequestVerifier | undefined;
  /** Checks WebSocket upgrades when the provider's stream secret is set. */
  readonly upgradeVerifier: RequestVerifier | undefined;
  /**
   * Mints the per-call token of webhook answers and checks it in each stream's `start`: set when
   * the provider's webhooks are verified, so a stream can prove which call it belongs to.
   */
  readonly callTokens: CallTokenSigner | undefined;
  /** Whether calls are hung up over the provider's REST API (credentials set and streams call-bound). */
  readonly hangUpEnabled: boolean;
  /** Whether an upgrade request carries this provider's authentication headers. */
  claimsUpgrade(request: Pick<IncomingRequestLike, 'headers'>): boolean;
  /** Options for `descriptor.createSerializer` (credentials, hang-up, API base URL). */
  serializerOptions(call: SerializerContext): unknown;
  /** One line for the startup summary: what is on and what is off. */
  readonly summary: string;
}

/** What a call's serializer options depend on. */
export interface SerializerContext {
  /** `fetch` for the hang-up; default the global one. */
  fetch: FetchFunction | undefined;
  /** Whether this stream's upgrade carried the provider's verified authentication header. */
  upgradeVerified: boolean;
}

/** Bound on a REST hang-up, in milliseconds: well inside the drain margin. */
export const DEMO_HANG_UP_TIMEOUT_MS = 3_000;

/**
 * The call-token signer of a provider whose webhooks are verified: keyed with
 * `STREAM_TOKEN_SECRET`, else derived from the provider's own secret (the same in every process
 * that has it), else a random key of this process.
 */
function callTokenSigner(
  config: DemoConfig,
  provider: DemoProviderName,
  providerSecret: string | undefined,
): CallTokenSigner {
  const secret =
    config.streamTokenSecret ??
    (providerSecret !== undefined
      ? deriveCallTokenSecret(providerSecret, provider)
      : randomBytes(32));
  return new CallTokenSigner({ secret });
}

function hasHeader(request: Pick<IncomingRequestLike, 'headers'>, ...names: string[]): boolean {
  return names.some((name) => headerValue(request.headers, name) !== undefined);
}

function onOff(enabled: boolean, on: string, off: string): string {
  return enabled ? on : off;
}

/**
 * The three providers as configured: which secrets authenticate webhooks and upgrades, and
 * whether hang-up over REST is on (when the provider's credentials are set).
 */
export function demoProviders(config: DemoConfig): DemoProvider[] {
  const { twilio, telnyx, plivo } = config;

  const twilioVerifier = twilio.authToken
    ? new TwilioRequestVerifier({ authToken: twilio.authToken })
    : undefined;
  const twilioTokens = twilioVerifier
    ? callTokenSigner(config, 'twilio', twilio.authToken)
    : undefined;
  const twilioHangUp =
    twilio.accountSid !== undefined && twilio.authToken !== undefined && twilioTokens !== undefined;

  const telnyxWebhookVerifier = telnyx.publicKey
    ? new TelnyxRequestVerifier({ publicKey: telnyx.publicKey })
    : undefined;
  const telnyxUpgradeVerifier = telnyx.streamAuthToken
    ? new TelnyxRequestVerifier({ streamAuthToken: telnyx.streamAuthToken })
    : undefined;
  const telnyxTokens = telnyxWebhookVerifier
    ? callTokenSigner(config, 'telnyx', telnyx.apiKey ?? telnyx.streamAuthToken)
    : undefined;
  const telnyxHangUp = telnyx.apiKey !== undefined && telnyxTokens !== undefined;

  const plivoVerifier = plivo.authToken
    ? new PlivoRequestVerifier({ authToken: plivo.authToken })
    : undefined;
  const plivoTokens = plivoVerifier ? callTokenSigner(config, 'plivo', plivo.authToken) : undefined;
  const plivoHangUp =
    plivo.authId !== undefined && plivo.authToken !== undefined && plivoTokens !== undefined;

  return [
    {
      name: 'twilio',
      title: 'Twilio',
      descriptor: twilioProvider as ProviderDescriptor<CallData>,
      webhookVerifier: twilioVerifier,
      upgradeVerifier: twilioVerifier,
      callTokens: twilioTokens,
      hangUpEnabled: twilioHangUp,
      claimsUpgrade: (request) => hasHeader(request, TWILIO_SIGNATURE_HEADER),
      serializerOptions: ({ fetch }) => ({
        autoHangUp: twilioHangUp,
        hangUpTimeoutMs: DEMO_HANG_UP_TIMEOUT_MS,
        ...(twilioHangUp && { accountSid: twilio.accountSid, authToken: twilio.authToken }),
        ...(twilio.apiBaseUrl && { apiBaseUrl: twilio.apiBaseUrl }),
        ...(fetch && { fetch }),
      }),
      summary: [
        onOff(
          twilioHangUp,
          'hang-up on',
          'hang-up off (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)',
        ),
        onOff(
          twilioVerifier !== undefined,
          'X-Twilio-Signature checked, streams call-bound',
          'signatures not checked (set TWILIO_AUTH_TOKEN)',
        ),
      ].join(', '),
    },
    {
      name: 'telnyx',
      title: 'Telnyx',
      descriptor: telnyxProvider as ProviderDescriptor<CallData>,
      webhookVerifier: telnyxWebhookVerifier,
      upgradeVerifier: telnyxUpgradeVerifier,
      callTokens: telnyxTokens,
      hangUpEnabled: telnyxHangUp,
      claimsUpgrade: (request) => hasHeader(request, TELNYX_STREAM_AUTH_TOKEN_HEADER),
      serializerOptions: ({ fetch, upgradeVerified }) => ({
        autoHangUp: telnyxHangUp,
        hangUpTimeoutMs: DEMO_HANG_UP_TIMEOUT_MS,
        ...(telnyxHangUp && { apiKey: telnyx.apiKey }),
        ...(telnyx.apiBaseUrl && { apiBaseUrl: telnyx.apiBaseUrl }),
        ...(telnyx.streamAuthToken && { streamAuthToken: telnyx.streamAuthToken }),
        upgradeAuthenticated: upgradeVerified,
        ...(fetch && { fetch }),
      }),
      summary: [
        onOff(
          telnyxHangUp,
          'hang-up on',
          telnyx.apiKey === undefined
            ? 'hang-up off (set TELNYX_API_KEY)'
            : 'hang-up off (set TELNYX_PUBLIC_KEY: only verified webhooks make streams call-bound)',
        ),
        onOff(
          telnyxWebhookVerifier !== undefined,
          'webhook Ed25519 signatures checked, streams call-bound',
          'webhook signatures not checked (set TELNYX_PUBLIC_KEY)',
        ),
        onOff(
          telnyxUpgradeVerifier !== undefined,
          'stream auth token required',
          'no stream auth token',
        ),
      ].join(', '),
    },
    {
      name: 'plivo',
      title: 'Plivo',
      descriptor: plivoProvider as ProviderDescriptor<CallData>,
      webhookVerifier: plivoVerifier,
      upgradeVerifier: plivoVerifier,
      callTokens: plivoTokens,
      hangUpEnabled: plivoHangUp,
      claimsUpgrade: (request) =>
        hasHeader(request, PLIVO_SIGNATURE_V3_HEADER, PLIVO_SIGNATURE_MA_V3_HEADER),
      serializerOptions: ({ fetch }) => ({
        autoHangUp: plivoHangUp,
        hangUpTimeoutMs: DEMO_HANG_UP_TIMEOUT_MS,
        ...(plivoHangUp && { authId: plivo.authId, authToken: plivo.authToken }),
        ...(plivo.apiBaseUrl && { apiBaseUrl: plivo.apiBaseUrl }),
        ...(fetch && { fetch }),
      }),
      summary: [
        onOff(plivoHangUp, 'hang-up on', 'hang-up off (set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN)'),
        onOff(
          plivoVerifier !== undefined,
          'V3 signatures checked, streams call-bound',
          'signatures not checked (set PLIVO_AUTH_TOKEN)',
        ),
      ].join(', '),
    },
  ];
}
