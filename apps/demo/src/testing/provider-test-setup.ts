import {
  type CallOptions,
  type FakeProviderApi,
  generateTelnyxWebhookKeys,
  type ProviderName,
  plivoWebSocketSignatureUrl,
  startFakeProviderApi,
  type TelnyxWebhookKeys,
} from '@x/phone-simulator';
import type { DemoServer, DemoServerOptions } from '../server/demo-server.js';
import { socketUrl, startTestServer } from './test-server.js';

/** The public address the tests pretend a tunnel gives the server. */
export const TEST_PUBLIC_URL = 'https://demo.example.test';
/** Twilio account of the tests. */
export const TWILIO_ACCOUNT_SID = `AC${'1234abcd'.repeat(4)}`;
/** Secrets of the tests (none is real). */
export const TWILIO_AUTH_TOKEN = 'twilio-test-auth-token';
export const TELNYX_API_KEY = 'KEYtelnyx-test-api-key';
export const TELNYX_STREAM_AUTH_TOKEN = 'telnyx-test-stream-token';
export const PLIVO_AUTH_ID = 'MATESTAUTHID12345678';
export const PLIVO_AUTH_TOKEN = 'plivo-test-auth-token';

/** A demo server with every provider's secrets and credentials set, and the fake REST API. */
export interface SecuredDemo {
  server: DemoServer;
  api: FakeProviderApi;
  telnyxKeys: TelnyxWebhookKeys;
  /**
   * Simulator options for a call placed as `provider` places it: its signed webhook first, then
   * the stream the answer names (carrying the answer's call token), authenticated as it does.
   */
  callOptions(provider: ProviderName, options?: Partial<CallOptions>): CallOptions;
  /** The same stream opened directly, without the webhook (so without a call token). */
  directCallOptions(provider: ProviderName, options?: Partial<CallOptions>): CallOptions;
  close(): Promise<void>;
}

/** The token a provider signs its upgrade with. */
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

/**
 * Starts the fake provider REST API, then the demo behind a pretend tunnel (`PUBLIC_URL`) with
 * every provider's hang-up credentials (pointing at the fake API) and signing secrets set.
 */
export async function startSecuredDemo(
  environment: Record<string, string> = {},
  options: Omit<DemoServerOptions, 'config'> = {},
): Promise<SecuredDemo> {
  const api = await startFakeProviderApi({
    twilio: { accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN },
    telnyx: { apiKey: TELNYX_API_KEY },
    plivo: { authId: PLIVO_AUTH_ID, authToken: PLIVO_AUTH_TOKEN },
  });
  const telnyxKeys = generateTelnyxWebhookKeys();
  const server = await startTestServer(
    {
      PUBLIC_URL: TEST_PUBLIC_URL,
      TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN,
      TWILIO_API_BASE_URL: api.url,
      TELNYX_API_KEY,
      TELNYX_PUBLIC_KEY: telnyxKeys.publicKeyBase64,
      TELNYX_STREAM_AUTH_TOKEN,
      TELNYX_API_BASE_URL: api.url,
      PLIVO_AUTH_ID,
      PLIVO_AUTH_TOKEN,
      PLIVO_API_BASE_URL: api.url,
      ...environment,
    },
    options,
  );
  const directCallOptions = (provider: ProviderName, options: Partial<CallOptions> = {}) => ({
    url: socketUrl(server, '/ws'),
    provider,
    authToken: upgradeSecret(provider),
    ...(signatureUrl(provider) !== undefined && { signatureUrl: signatureUrl(provider) }),
    ...(provider === 'twilio' && { ids: { accountId: TWILIO_ACCOUNT_SID } }),
    ...options,
  });
  return {
    server,
    api,
    telnyxKeys,
    directCallOptions,
    callOptions: (provider, options = {}) => {
      const { signatureUrl: _signedOverTheMarkupUrl, ...direct } = directCallOptions(provider);
      return {
        ...direct,
        webhook: {
          url: `${server.url}/${provider}`,
          signatureUrl: `${TEST_PUBLIC_URL}/${provider}`,
          ...(provider === 'telnyx'
            ? { telnyxKeys }
            : { authToken: provider === 'twilio' ? TWILIO_AUTH_TOKEN : PLIVO_AUTH_TOKEN }),
        },
        ...options,
      };
    },
    close: async () => {
      await server.telephony.close();
      await api.close();
    },
  };
}
