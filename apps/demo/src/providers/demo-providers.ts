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
  /** Whether calls are hung up over the provider's REST API (credentials set). */
  readonly hangUpEnabled: boolean;
  /** Whether an upgrade request carries this provider's authentication headers. */
  claimsUpgrade(request: Pick<IncomingRequestLike, 'headers'>): boolean;
  /** Options for `descriptor.createSerializer` (credentials, hang-up, API base URL). */
  serializerOptions(fetch: FetchFunction | undefined): unknown;
  /** One line for the startup summary: what is on and what is off. */
  readonly summary: string;
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
  const twilioHangUp = twilio.accountSid !== undefined && twilio.authToken !== undefined;

  const telnyxWebhookVerifier = telnyx.publicKey
    ? new TelnyxRequestVerifier({ publicKey: telnyx.publicKey })
    : undefined;
  const telnyxUpgradeVerifier = telnyx.streamAuthToken
    ? new TelnyxRequestVerifier({ streamAuthToken: telnyx.streamAuthToken })
    : undefined;
  const telnyxHangUp = telnyx.apiKey !== undefined;

  const plivoVerifier = plivo.authToken
    ? new PlivoRequestVerifier({ authToken: plivo.authToken })
    : undefined;
  const plivoHangUp = plivo.authId !== undefined && plivo.authToken !== undefined;

  return [
    {
      name: 'twilio',
      title: 'Twilio',
      descriptor: twilioProvider as ProviderDescriptor<CallData>,
      webhookVerifier: twilioVerifier,
      upgradeVerifier: twilioVerifier,
      hangUpEnabled: twilioHangUp,
      claimsUpgrade: (request) => hasHeader(request, TWILIO_SIGNATURE_HEADER),
      serializerOptions: (fetch) => ({
        autoHangUp: twilioHangUp,
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
        onOff(twilioVerifier !== undefined, 'X-Twilio-Signature checked', 'signatures not checked'),
      ].join(', '),
    },
    {
      name: 'telnyx',
      title: 'Telnyx',
      descriptor: telnyxProvider as ProviderDescriptor<CallData>,
      webhookVerifier: telnyxWebhookVerifier,
      upgradeVerifier: telnyxUpgradeVerifier,
      hangUpEnabled: telnyxHangUp,
      claimsUpgrade: (request) => hasHeader(request, TELNYX_STREAM_AUTH_TOKEN_HEADER),
      serializerOptions: (fetch) => ({
        autoHangUp: telnyxHangUp,
        ...(telnyxHangUp && { apiKey: telnyx.apiKey }),
        ...(telnyx.apiBaseUrl && { apiBaseUrl: telnyx.apiBaseUrl }),
        ...(telnyx.streamAuthToken && { streamAuthToken: telnyx.streamAuthToken }),
        ...(fetch && { fetch }),
      }),
      summary: [
        onOff(telnyxHangUp, 'hang-up on', 'hang-up off (set TELNYX_API_KEY)'),
        onOff(
          telnyxWebhookVerifier !== undefined,
          'webhook Ed25519 signatures checked',
          'webhook signatures not checked',
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
      hangUpEnabled: plivoHangUp,
      claimsUpgrade: (request) =>
        hasHeader(request, PLIVO_SIGNATURE_V3_HEADER, PLIVO_SIGNATURE_MA_V3_HEADER),
      serializerOptions: (fetch) => ({
        autoHangUp: plivoHangUp,
        ...(plivoHangUp && { authId: plivo.authId, authToken: plivo.authToken }),
        ...(plivo.apiBaseUrl && { apiBaseUrl: plivo.apiBaseUrl }),
        ...(fetch && { fetch }),
      }),
      summary: [
        onOff(plivoHangUp, 'hang-up on', 'hang-up off (set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN)'),
        onOff(plivoVerifier !== undefined, 'V3 signatures checked', 'signatures not checked'),
      ].join(', '),
    },
  ];
}
