import type { KeyObject } from 'node:crypto';
import { plivoNonce } from '../providers/call-ids.js';
import type { ProviderName } from '../providers/provider-name.js';
import { plivoSignatureV3 } from '../signing/plivo-signature.js';
import { signTelnyxWebhook } from '../signing/telnyx-webhook-signature.js';
import { twilioRequestSignature } from '../signing/twilio-signature.js';

/** Inputs of `signedWebhookHeaders`. */
export interface WebhookSigningInput {
  /** The provider whose webhook is imitated. */
  provider: ProviderName;
  /** The URL the provider signs (the public webhook URL). */
  signatureUrl: string;
  /** The form parameters posted. */
  parameters: Record<string, string>;
  /** The exact form body posted (Telnyx signs the raw body). */
  rawBody: string;
  /** Twilio or Plivo auth token; unsigned when undefined. */
  authToken: string | undefined;
  /** Telnyx Ed25519 private key; unsigned when undefined. */
  telnyxPrivateKey: KeyObject | undefined;
  /** Telnyx `telnyx-timestamp`, in Unix seconds. */
  timestampSeconds: number;
  /** Plivo nonce; a random 20-digit one by default. */
  nonce?: string | undefined;
}

/**
 * The signature headers a provider puts on its call webhook: Twilio `X-Twilio-Signature`
 * (HMAC-SHA1 over the URL and the sorted form parameters); Plivo `X-Plivo-Signature-V3`,
 * `X-Plivo-Signature-Ma-V3` and `X-Plivo-Signature-V3-Nonce` (V3 over the POST form of the URL
 * and parameters); Telnyx `telnyx-timestamp` and `telnyx-signature-ed25519` (Ed25519 over
 * `timestamp|body`). None without the secret.
 */
export function signedWebhookHeaders(input: WebhookSigningInput): Record<string, string> {
  switch (input.provider) {
    case 'twilio':
      if (input.authToken === undefined) return {};
      return {
        'X-Twilio-Signature': twilioRequestSignature(
          input.authToken,
          input.signatureUrl,
          input.parameters,
        ),
      };
    case 'plivo': {
      if (input.authToken === undefined) return {};
      const nonce = input.nonce ?? plivoNonce();
      const signature = plivoSignatureV3({
        authToken: input.authToken,
        method: 'POST',
        url: input.signatureUrl,
        nonce,
        parameters: input.parameters,
      });
      return {
        'X-Plivo-Signature-V3': signature,
        'X-Plivo-Signature-Ma-V3': signature,
        'X-Plivo-Signature-V3-Nonce': nonce,
      };
    }
    case 'telnyx':
      if (input.telnyxPrivateKey === undefined) return {};
      return signTelnyxWebhook(input.telnyxPrivateKey, input.rawBody, input.timestampSeconds);
  }
}
