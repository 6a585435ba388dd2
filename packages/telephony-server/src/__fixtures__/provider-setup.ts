import {
  type CallOptions,
  type FakeProviderApi,
  generateTelnyxWebhookKeys,
  type ProviderName,
  plivoWebSocketSignatureUrl,
  startFakeProviderApi,
  type TelnyxWebhookKeys,
} from '@x/phone-simulator';
import { createPlivo } from '@x/serializer-plivo';
import { createTelnyx } from '@x/serializer-telnyx';
import { createTwilio } from '@x/serializer-twilio';
import type { TelephonyProvider } from '@x/transport-core';
import type { TestServer } from './test-server.js';

/** The public address the tests pretend a tunnel gives the server. */
export const TEST_PUBLIC_URL = 'https://bot.example.test';
/** Secrets of the tests (none is real). */
export const TWILIO_ACCOUNT_SID = `AC${'1234abcd'.repeat(4)}`;
export const TWILIO_AUTH_TOKEN = 'twilio-test-auth-token';
export const TELNYX_API_KEY = 'KEYtelnyx-test-api-key';
export const TELNYX_STREAM_AUTH_TOKEN = 'telnyx-test-stream-token';
export const PLIVO_AUTH_ID = 'MATESTAUTHID12345678';
export const PLIVO_AUTH_TOKEN = 'plivo-test-auth-token';
/** Call-token secret shared by the tests' providers. */
export const STREAM_TOKEN_SECRET = 'telephony-server-test-secret-0123456789abcdef';

/** The three real providers with every secret set, their REST APIs pointing at a fake. */
export interface SecuredProviders {
  api: FakeProviderApi;
  telnyxKeys: TelnyxWebhookKeys;
  providers: TelephonyProvider[];
}

/** Starts the fake provider REST API and makes the three providers with every secret set. */
export async function securedProviders(): Promise<SecuredProviders> {
  const api = await startFakeProviderApi({
    twilio: { accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN },
    telnyx: { apiKey: TELNYX_API_KEY },
    plivo: { authId: PLIVO_AUTH_ID, authToken: PLIVO_AUTH_TOKEN },
  });
  const telnyxKeys = generateTelnyxWebhookKeys();
  const common = { env: {}, callTokenSecret: STREAM_TOKEN_SECRET, apiBaseUrl: api.url };
  const providers = [
    createTwilio({ ...common, accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN }),
    createTelnyx({
      ...common,
      apiKey: TELNYX_API_KEY,
      publicKey: telnyxKeys.publicKeyBase64,
      streamAuthToken: TELNYX_STREAM_AUTH_TOKEN,
    }),
    createPlivo({ ...common, authId: PLIVO_AUTH_ID, authToken: PLIVO_AUTH_TOKEN }),
  ];
  return { api, telnyxKeys, providers };
}

/** The secret a provider signs its upgrade with. */
function upgradeSecret(provider: ProviderName): string {
  switch (provider) {
    case 'twilio':
      return TWILIO_AUTH_TOKEN;
    case 'telnyx':
      return TELNYX_STREAM_AUTH_TOKEN;
    case 'plivo':
      return PLIVO_AUTH_TOKEN;
  }
}

/** The URL a provider signs: the public `wss://` address of `/ws` (Plivo: its https form). */
function signatureUrl(provider: ProviderName): string | undefined {
  const publicSocketUrl = `${TEST_PUBLIC_URL.replace(/^https/, 'wss')}/ws`;
  if (provider === 'twilio') return publicSocketUrl;
  if (provider === 'plivo') return plivoWebSocketSignatureUrl(publicSocketUrl);
  return undefined;
}

/** A stream opened as `provider` opens it, without its webhook (so without a call token). */
export function directCallOptions(
  server: TestServer,
  provider: ProviderName,
  options: Partial<CallOptions> = {},
): CallOptions {
  const url = signatureUrl(provider);
  return {
    url: server.socketUrl('/ws'),
    provider,
    authToken: upgradeSecret(provider),
    ...(url !== undefined && { signatureUrl: url }),
    ...(provider === 'twilio' && { ids: { accountId: TWILIO_ACCOUNT_SID } }),
    fast: true,
    ...options,
  };
}

/** A call placed as `provider` places it: its signed webhook first, then the stream it names. */
export function webhookCallOptions(
  server: TestServer,
  secured: SecuredProviders,
  provider: ProviderName,
  options: Partial<CallOptions> = {},
): CallOptions {
  const { signatureUrl: _signedOverTheMarkupUrl, ...direct } = directCallOptions(server, provider);
  return {
    ...direct,
    webhook: {
      url: server.httpUrl(`/${provider}`),
      signatureUrl: `${TEST_PUBLIC_URL}/${provider}`,
      ...(provider === 'telnyx'
        ? { telnyxKeys: secured.telnyxKeys }
        : { authToken: provider === 'twilio' ? TWILIO_AUTH_TOKEN : PLIVO_AUTH_TOKEN }),
    },
    ...options,
  };
}
