import type {
  CallSerializerContext,
  MediaFormat,
  TelephonyProvider,
  TelephonyProviderCommonSettings,
} from '@x/transport-core';
import {
  defineTelephonyProvider,
  resolveProviderSettings,
  type TelephonyProviderSecurityFlags,
} from '@x/transport-core/provider-kit';
import type { TelnyxCallData } from './telnyx-call-data.js';
import { TELNYX_PROVIDER_NAME, type TelnyxFrameSerializer } from './telnyx-frame-serializer.js';
import {
  callIdOfTelnyxWebhook,
  createTelnyxProvider,
  type TelnyxProviderOptions,
} from './telnyx-provider.js';
import {
  TELNYX_STREAM_AUTH_TOKEN_HEADER,
  TelnyxRequestVerifier,
} from './telnyx-request-verifier.js';
import { type TelnyxPublicKeyInput, telnyxPublicKey } from './telnyx-signature.js';

/** Settings of `createTelnyx`; every field is optional, credentials fall back to their environment variable. */
export interface TelnyxSettings extends TelephonyProviderCommonSettings {
  /** API key (v2): with verified webhooks, turns on hang-up over Call Control; default `TELNYX_API_KEY`. */
  apiKey?: string;
  /** Webhook public key (base64 of 32 bytes, or a PEM): checks webhook signatures; default `TELNYX_PUBLIC_KEY`. */
  publicKey?: TelnyxPublicKeyInput;
  /** The stream's `stream_auth_token`, required on every WebSocket upgrade; default `TELNYX_STREAM_AUTH_TOKEN`. */
  streamAuthToken?: string;
  /** REST API base URL (a proxy, or a fake API in tests); default `TELNYX_API_BASE_URL`, else Telnyx's. */
  apiBaseUrl?: string;
  /** Bot audio format of the TeXML answer and of every serializer; default PCMU at 8000 Hz (no variable). */
  botAudioFormat?: MediaFormat;
  /** Further `<Stream>` attributes of the TeXML answer: track, name, status callback (no variable). */
  texml?: TelnyxProviderOptions['texml'];
}

/** The environment variables `createTelnyx` reads, by setting. */
export const TELNYX_ENVIRONMENT_VARIABLES = Object.freeze({
  apiKey: 'TELNYX_API_KEY',
  publicKey: 'TELNYX_PUBLIC_KEY',
  streamAuthToken: 'TELNYX_STREAM_AUTH_TOKEN',
  apiBaseUrl: 'TELNYX_API_BASE_URL',
} as const);

/** Telnyx bound to its settings, made by `createTelnyx`. */
export interface TelnyxProvider extends TelephonyProvider<TelnyxCallData> {
  /** The bot audio format the TeXML declares and the serializers send. */
  readonly botAudioFormat: Readonly<MediaFormat>;
  /**
   * Builds the call's `TelnyxFrameSerializer`, with the API key bound in. `upgradeVerified`
   * becomes the serializer's `upgradeAuthenticated`: the `connected` message need not present
   * the stream auth token again.
   */
  createSerializer(callData: TelnyxCallData, context: CallSerializerContext): TelnyxFrameSerializer;
}

const OWNER = 'createTelnyx';

function summaryOf(
  { hangUpEnabled, webhooksVerified, upgradesVerified }: TelephonyProviderSecurityFlags,
  hasApiKey: boolean,
): string {
  const hangUp = hangUpEnabled
    ? 'hang-up on'
    : !hasApiKey
      ? 'hang-up off (set TELNYX_API_KEY)'
      : 'hang-up off (set TELNYX_PUBLIC_KEY: only verified webhooks make streams call-bound)';
  return [
    hangUp,
    webhooksVerified
      ? 'webhook Ed25519 signatures checked, streams call-bound'
      : 'webhook signatures not checked (set TELNYX_PUBLIC_KEY)',
    upgradesVerified ? 'stream auth token required' : 'no stream auth token',
  ].join(', ');
}

/** The public key, checked, from the settings or `TELNYX_PUBLIC_KEY`. */
function publicKeyOf(
  settings: TelnyxSettings,
  text: (value: string | undefined, field: string, variable: string) => string | undefined,
): TelnyxPublicKeyInput | undefined {
  const variable = TELNYX_ENVIRONMENT_VARIABLES.publicKey;
  const key =
    typeof settings.publicKey === 'string' || settings.publicKey === undefined
      ? text(settings.publicKey, 'publicKey', variable)
      : settings.publicKey;
  if (key === undefined) return undefined;
  try {
    telnyxPublicKey(key);
  } catch (error) {
    const source = settings.publicKey === undefined ? variable : 'settings.publicKey';
    throw new RangeError(
      `${OWNER}: ${source} is not a Telnyx webhook public key: ${(error as Error).message}; copy the base64 public key (32 bytes) from the Telnyx portal`,
    );
  }
  return key;
}

/**
 * Telnyx, bound once to its settings: recognises Telnyx's first messages, checks webhook Ed25519
 * signatures (with `publicKey`) and the stream auth token on upgrades (with `streamAuthToken`),
 * answers webhooks with TeXML whose `<Parameter>`s carry the call's token, checks that token at
 * `start`, and builds each call's serializer, which hangs the call up over Call Control only when
 * the API key is set and the stream proved its call (so only with verified webhooks).
 *
 * ```ts
 * const telnyx = createTelnyx(); // TELNYX_API_KEY, TELNYX_PUBLIC_KEY, … from the environment
 * console.log(telnyx.security.summary);
 * ```
 * @throws RangeError for impossible settings: a public key that is not 32 bytes of base64 (or an
 * Ed25519 PEM), an empty value, a malformed API base URL, an unsupported bot audio format, a
 * call-token secret under 32 bytes, a bad lifetime or timeout.
 */
export function createTelnyx(settings: TelnyxSettings = {}): TelnyxProvider {
  const resolved = resolveProviderSettings(OWNER, settings);
  const variables = TELNYX_ENVIRONMENT_VARIABLES;
  const apiKey = resolved.text(settings.apiKey, 'apiKey', variables.apiKey);
  const publicKey = publicKeyOf(settings, resolved.text);
  const streamAuthToken = resolved.text(
    settings.streamAuthToken,
    'streamAuthToken',
    variables.streamAuthToken,
  );
  const apiBaseUrl = resolved.httpUrl(settings.apiBaseUrl, 'apiBaseUrl', variables.apiBaseUrl);
  let descriptor: ReturnType<typeof createTelnyxProvider>;
  try {
    descriptor = createTelnyxProvider({
      ...(settings.botAudioFormat !== undefined && { botAudioFormat: settings.botAudioFormat }),
      ...(settings.texml !== undefined && { texml: settings.texml }),
    });
  } catch (error) {
    throw new RangeError(`${OWNER}: settings.botAudioFormat: ${(error as Error).message}`);
  }

  const verifier =
    publicKey !== undefined || streamAuthToken !== undefined
      ? new TelnyxRequestVerifier({ publicKey, streamAuthToken, now: resolved.now })
      : undefined;

  const provider = defineTelephonyProvider({
    name: TELNYX_PROVIDER_NAME,
    title: 'Telnyx',
    settings: resolved,
    providerSecret: apiKey ?? streamAuthToken,
    recognize: descriptor.recognize,
    upgradeHeaders: [TELNYX_STREAM_AUTH_TOKEN_HEADER],
    webhooks: {
      verifier: publicKey !== undefined ? verifier : undefined,
      variable: variables.publicKey,
    },
    upgrades: {
      verifier: streamAuthToken !== undefined ? verifier : undefined,
      variable: variables.streamAuthToken,
      note: 'Telnyx does not sign WebSocket upgrades',
    },
    restCredentials: apiKey !== undefined,
    summary: (flags) => summaryOf(flags, apiKey !== undefined),
    callIdOfWebhook: callIdOfTelnyxWebhook,
    writeWebhookAnswer: (answer) => descriptor.webhookResponse(answer),
    createSerializer: (callData: TelnyxCallData, { hangUp, context, common }) =>
      descriptor.createSerializer(callData, {
        autoHangUp: hangUp,
        ...(hangUp && { apiKey }),
        ...(apiBaseUrl !== undefined && { apiBaseUrl }),
        ...(streamAuthToken !== undefined && { streamAuthToken }),
        upgradeAuthenticated: context.upgradeVerified === true,
        ...common,
      }),
  });
  return Object.freeze({ ...provider, botAudioFormat: descriptor.botAudioFormat });
}
