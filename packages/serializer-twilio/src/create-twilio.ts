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
import type { TwilioCallData } from './twilio-call-data.js';
import { TwilioFrameSerializer } from './twilio-frame-serializer.js';
import { twimlConnectStream } from './twilio-markup.js';
import { callIdOfTwilioWebhook, recognizeTwilio, TWIML_CONTENT_TYPE } from './twilio-provider.js';
import { TwilioRequestVerifier } from './twilio-request-verifier.js';
import { TWILIO_SIGNATURE_HEADER } from './twilio-signature.js';

/** Settings of `createTwilio`; every field is optional and falls back to its environment variable. */
export interface TwilioSettings extends TelephonyProviderCommonSettings {
  /** Account SID (`AC…`): with the auth token, turns on hang-up over REST; default `TWILIO_ACCOUNT_SID`. */
  accountSid?: string;
  /** Auth token: checks `X-Twilio-Signature` on webhooks and upgrades; default `TWILIO_AUTH_TOKEN`. */
  authToken?: string;
  /** REST API base URL (a proxy, or a fake API in tests); default `TWILIO_API_BASE_URL`, else Twilio's. */
  apiBaseUrl?: string;
}

/** The environment variables `createTwilio` reads, by setting. */
export const TWILIO_ENVIRONMENT_VARIABLES = Object.freeze({
  accountSid: 'TWILIO_ACCOUNT_SID',
  authToken: 'TWILIO_AUTH_TOKEN',
  apiBaseUrl: 'TWILIO_API_BASE_URL',
} as const);

/** Twilio bound to its settings, made by `createTwilio`. */
export interface TwilioProvider extends TelephonyProvider<TwilioCallData> {
  /** Builds the call's `TwilioFrameSerializer`, with the account's credentials bound in. */
  createSerializer(callData: TwilioCallData, context: CallSerializerContext): TwilioFrameSerializer;
}

const OWNER = 'createTwilio';
const TWILIO_PROVIDER_NAME = 'twilio';
const TWILIO_ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;

function summaryOf({ hangUpEnabled, webhooksVerified }: TelephonyProviderSecurityFlags): string {
  return [
    hangUpEnabled ? 'hang-up on' : 'hang-up off (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)',
    webhooksVerified
      ? 'X-Twilio-Signature checked, streams call-bound'
      : 'signatures not checked (set TWILIO_AUTH_TOKEN)',
  ].join(', ');
}

/**
 * Twilio, bound once to its credentials: recognises Twilio's first messages, checks
 * `X-Twilio-Signature` on webhooks and upgrades (with `authToken`), answers webhooks with TwiML
 * whose `<Parameter>`s carry the call's token, checks that token at `start`, and builds each
 * call's serializer, which hangs the call up over REST only when the account SID and auth token
 * are set and the stream proved its call.
 *
 * ```ts
 * const twilio = createTwilio(); // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN from the environment
 * console.log(twilio.security.summary);
 * ```
 * @throws RangeError for impossible settings: a malformed account SID, an empty value, a
 * malformed API base URL, a call-token secret under 32 bytes, a bad lifetime or timeout.
 */
export function createTwilio(settings: TwilioSettings = {}): TwilioProvider {
  const resolved = resolveProviderSettings(OWNER, settings);
  const variables = TWILIO_ENVIRONMENT_VARIABLES;
  const accountSid = resolved.text(settings.accountSid, 'accountSid', variables.accountSid);
  const authToken = resolved.text(settings.authToken, 'authToken', variables.authToken);
  const apiBaseUrl = resolved.httpUrl(settings.apiBaseUrl, 'apiBaseUrl', variables.apiBaseUrl);
  if (accountSid !== undefined && !TWILIO_ACCOUNT_SID_PATTERN.test(accountSid)) {
    throw new RangeError(
      `${OWNER}: the account SID (${settings.accountSid === undefined ? variables.accountSid : 'settings.accountSid'}) must be "AC" followed by 32 hex digits, got ${JSON.stringify(accountSid)}; find it on the Twilio Console home page`,
    );
  }
  const verifier = authToken !== undefined ? new TwilioRequestVerifier({ authToken }) : undefined;

  return defineTelephonyProvider({
    name: TWILIO_PROVIDER_NAME,
    title: 'Twilio',
    settings: resolved,
    providerSecret: authToken,
    recognize: recognizeTwilio,
    upgradeHeaders: [TWILIO_SIGNATURE_HEADER],
    webhooks: { verifier, variable: variables.authToken },
    upgrades: { verifier, variable: variables.authToken },
    restCredentials: accountSid !== undefined && authToken !== undefined,
    summary: summaryOf,
    callIdOfWebhook: callIdOfTwilioWebhook,
    writeWebhookAnswer: ({ streamUrl, parameters }) => ({
      contentType: TWIML_CONTENT_TYPE,
      body: twimlConnectStream({ url: streamUrl, parameters }),
    }),
    createSerializer: (callData: TwilioCallData, { hangUp, common }) =>
      new TwilioFrameSerializer({
        streamId: callData.streamId,
        callId: callData.callId,
        accountSid: hangUp ? accountSid : callData.accountId,
        mediaFormat: callData.mediaFormat,
        autoHangUp: hangUp,
        ...(hangUp && { authToken }),
        ...(apiBaseUrl !== undefined && { apiBaseUrl }),
        ...common,
      }),
  });
}
