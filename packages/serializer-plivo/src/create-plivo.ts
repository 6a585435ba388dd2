import type {
  CallSerializerContext,
  TelephonyProvider,
  TelephonyProviderCommonSettings,
} from '@x/transport-core';
import {
  defineTelephonyProvider,
  resolveProviderSettings,
  type TelephonyProviderSecurityFlags,
} from '@x/transport-core/provider-kit';
import type { PlivoCallData } from './plivo-call-data.js';
import { PlivoFrameSerializer } from './plivo-frame-serializer.js';
import { PLIVO_XML_CONTENT_TYPE, plivoStreamXml } from './plivo-markup.js';
import { callIdOfPlivoWebhook, recognizePlivoMessage } from './plivo-provider.js';
import { PlivoRequestVerifier } from './plivo-request-verifier.js';
import { PLIVO_SIGNATURE_MA_V3_HEADER, PLIVO_SIGNATURE_V3_HEADER } from './plivo-signature.js';

/** Settings of `createPlivo`; every field is optional and falls back to its environment variable. */
export interface PlivoSettings extends TelephonyProviderCommonSettings {
  /** Auth ID (`MA…`/`SA…`): with the auth token, turns on hang-up over REST; default `PLIVO_AUTH_ID`. */
  authId?: string;
  /** Auth token: checks V3 signatures on webhooks and upgrades; default `PLIVO_AUTH_TOKEN`. */
  authToken?: string;
  /** REST API base URL (a proxy, or a fake API in tests); default `PLIVO_API_BASE_URL`, else Plivo's. */
  apiBaseUrl?: string;
}

/** The environment variables `createPlivo` reads, by setting. */
export const PLIVO_ENVIRONMENT_VARIABLES = Object.freeze({
  authId: 'PLIVO_AUTH_ID',
  authToken: 'PLIVO_AUTH_TOKEN',
  apiBaseUrl: 'PLIVO_API_BASE_URL',
} as const);

/** Plivo bound to its settings, made by `createPlivo`. */
export interface PlivoProvider extends TelephonyProvider<PlivoCallData> {
  /** Builds the call's `PlivoFrameSerializer`, with the account's credentials bound in. */
  createSerializer(callData: PlivoCallData, context: CallSerializerContext): PlivoFrameSerializer;
}

const OWNER = 'createPlivo';
const PLIVO_NAME = 'plivo';

function summaryOf({ hangUpEnabled, webhooksVerified }: TelephonyProviderSecurityFlags): string {
  return [
    hangUpEnabled ? 'hang-up on' : 'hang-up off (set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN)',
    webhooksVerified
      ? 'V3 signatures checked, streams call-bound'
      : 'signatures not checked (set PLIVO_AUTH_TOKEN)',
  ].join(', ');
}

/**
 * Plivo, bound once to its credentials: recognises Plivo's start message, checks V3 signatures
 * on webhooks and upgrades (with `authToken`; each nonce once), answers webhooks with Plivo XML
 * whose `extraHeaders` carry the call's token, checks that token at `start`, and builds each
 * call's serializer, which hangs the call up over REST only when the auth ID and token are set
 * and the stream proved its call.
 *
 * ```ts
 * const plivo = createPlivo(); // PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN from the environment
 * console.log(plivo.security.summary);
 * ```
 * @throws RangeError for impossible settings: an empty value, a malformed API base URL, a
 * call-token secret under 32 bytes, a bad lifetime or timeout.
 */
export function createPlivo(settings: PlivoSettings = {}): PlivoProvider {
  const resolved = resolveProviderSettings(OWNER, settings);
  const variables = PLIVO_ENVIRONMENT_VARIABLES;
  const authId = resolved.text(settings.authId, 'authId', variables.authId);
  const authToken = resolved.text(settings.authToken, 'authToken', variables.authToken);
  const apiBaseUrl = resolved.httpUrl(settings.apiBaseUrl, 'apiBaseUrl', variables.apiBaseUrl);
  const verifier =
    authToken !== undefined
      ? new PlivoRequestVerifier({ authToken, now: resolved.now })
      : undefined;

  return defineTelephonyProvider({
    name: PLIVO_NAME,
    title: 'Plivo',
    settings: resolved,
    providerSecret: authToken,
    recognize: recognizePlivoMessage,
    upgradeHeaders: [PLIVO_SIGNATURE_V3_HEADER, PLIVO_SIGNATURE_MA_V3_HEADER],
    webhooks: { verifier, variable: variables.authToken },
    upgrades: { verifier, variable: variables.authToken },
    restCredentials: authId !== undefined && authToken !== undefined,
    summary: summaryOf,
    callIdOfWebhook: callIdOfPlivoWebhook,
    writeWebhookAnswer: ({ streamUrl, parameters: extraHeaders }) => ({
      contentType: PLIVO_XML_CONTENT_TYPE,
      body: plivoStreamXml({
        url: streamUrl,
        ...(Object.keys(extraHeaders).length > 0 && { extraHeaders }),
      }),
    }),
    createSerializer: (callData: PlivoCallData, { hangUp, common }) =>
      new PlivoFrameSerializer({
        streamId: callData.streamId,
        callId: callData.callId,
        mediaFormat: callData.mediaFormat,
        autoHangUp: hangUp,
        ...(hangUp && { authId, authToken }),
        ...(apiBaseUrl !== undefined && { apiBaseUrl }),
        ...common,
      }),
  });
}
