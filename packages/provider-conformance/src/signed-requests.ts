import {
  generateTelnyxWebhookKeys,
  type ProviderName,
  signedUpgradeHeaders,
  signedWebhookHeaders,
  type WebhookCall,
  type WebhookDialOptions,
  webhookFormParameters,
} from '@x/phone-simulator';
import type { IncomingRequestLike } from '@x/transport-core';
import { CONFORMANCE_PUBLIC_STREAM_URL, publicWebhookUrl } from './conformance-urls.js';

/** `Content-Type` of a call webhook, as every provider posts it. */
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** How to sign a call webhook, in the phone simulator's terms. */
export type WebhookSigning = Pick<WebhookDialOptions, 'authToken' | 'telnyxKeys'>;

/** A call webhook as `provider` posts it, with its form parameters. */
export interface SignedWebhook {
  /** The request as the server reads it (public URL, headers, raw body). */
  request: IncomingRequestLike;
  /** The form parameters posted. */
  parameters: Record<string, string>;
}

/** Options of `signedWebhook`. */
export interface SignedWebhookOptions {
  /** The URL the signature covers; default the public webhook URL the request goes to. */
  signedUrl?: string;
}

/**
 * The webhook `provider` posts when `call` rings, signed with `signing` (the phone simulator's
 * signing, written from the providers' documentation) and addressed to the suite's public
 * webhook URL.
 */
export function signedWebhook(
  provider: ProviderName,
  call: WebhookCall,
  signing: WebhookSigning,
  options: SignedWebhookOptions = {},
): SignedWebhook {
  const url = publicWebhookUrl(provider);
  const parameters = webhookFormParameters(provider, call);
  const rawBody = new URLSearchParams(parameters).toString();
  const headers = {
    'content-type': FORM_CONTENT_TYPE,
    ...lowercaseNames(
      signedWebhookHeaders({
        provider,
        signatureUrl: options.signedUrl ?? url,
        parameters,
        rawBody,
        authToken: signing.authToken,
        telnyxPrivateKey: signing.telnyxKeys?.privateKey,
        timestampSeconds: Math.floor(Date.now() / 1000),
      }),
    ),
  };
  return { request: { method: 'POST', url, headers, rawBody }, parameters };
}

/**
 * The same webhook with its body changed after it was signed: every parameter naming the call
 * now names `otherCallId` (an attacker reusing a signature for another call).
 */
export function webhookForAnotherCall(
  webhook: SignedWebhook,
  callId: string,
  otherCallId: string,
): IncomingRequestLike {
  const parameters = Object.fromEntries(
    Object.entries(webhook.parameters).map(([name, value]) => [
      name,
      value === callId ? otherCallId : value,
    ]),
  );
  return { ...webhook.request, rawBody: new URLSearchParams(parameters).toString() };
}

/** Signing with other secrets than `signing`'s: another auth token, or a fresh Ed25519 key pair. */
export function otherWebhookSigning(signing: WebhookSigning): WebhookSigning {
  return {
    ...(signing.authToken !== undefined && { authToken: `${signing.authToken}-not-this-one` }),
    ...(signing.telnyxKeys !== undefined && { telnyxKeys: generateTelnyxWebhookKeys() }),
  };
}

/** The WebSocket upgrade `provider` opens to the suite's public stream URL, signed with `secret`. */
export function signedUpgrade(
  provider: ProviderName,
  secret: string,
  signedUrl: string = CONFORMANCE_PUBLIC_STREAM_URL,
): IncomingRequestLike {
  return {
    method: 'GET',
    url: CONFORMANCE_PUBLIC_STREAM_URL,
    headers: upgradeHeaders(provider, secret, signedUrl),
  };
}

/** The headers `provider` puts on its upgrade to `signedUrl` (a public `wss://` URL). */
export function upgradeHeaders(
  provider: ProviderName,
  secret: string,
  signedUrl: string = CONFORMANCE_PUBLIC_STREAM_URL,
): Record<string, string> {
  return lowercaseNames(signedUpgradeHeaders({ provider, url: signedUrl, authToken: secret }));
}

function lowercaseNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}
