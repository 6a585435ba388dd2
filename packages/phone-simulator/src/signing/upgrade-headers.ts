import { plivoNonce } from '../providers/call-ids.js';
import type { ProviderName } from '../providers/provider-name.js';
import { plivoSignatureV3, plivoWebSocketSignatureUrl } from './plivo-signature.js';
import { twilioSignature, twilioWebSocketSignatureUrl } from './twilio-signature.js';

/** Inputs of `signedUpgradeHeaders`. */
export interface UpgradeSigningInput {
  /** The provider whose upgrade request is imitated. */
  provider: ProviderName;
  /** The URL the socket connects to. */
  url: string;
  /** Twilio or Plivo auth token, or Telnyx stream auth token. */
  authToken: string;
  /**
   * The public URL of the stream when it differs from `url` (behind a proxy or tunnel). Twilio signs
   * it as given; Plivo signs its `https://` form, as Plivo does (`wss://…` and `https://…` sign alike).
   */
  signatureUrl?: string | undefined;
  /** Plivo nonce; a random 20-digit one by default. */
  nonce?: string | undefined;
}

/**
 * Headers the provider adds to its WebSocket upgrade: Twilio `X-Twilio-Signature` over the
 * `wss://` URL without query; Plivo `X-Plivo-Signature-V3`, `X-Plivo-Signature-Ma-V3` and
 * `X-Plivo-Signature-V3-Nonce` (V3, GET form, over the Node SDK's URL form); Telnyx
 * `x-telnyx-streaming-auth-token`.
 */
export function signedUpgradeHeaders(input: UpgradeSigningInput): Record<string, string> {
  switch (input.provider) {
    case 'twilio':
      return {
        'X-Twilio-Signature': twilioSignature(
          input.authToken,
          input.signatureUrl ?? twilioWebSocketSignatureUrl(input.url),
        ),
      };
    case 'plivo': {
      const nonce = input.nonce ?? plivoNonce();
      const signature = plivoSignatureV3({
        authToken: input.authToken,
        method: 'GET',
        url: plivoWebSocketSignatureUrl(input.signatureUrl ?? input.url),
        nonce,
      });
      return {
        'X-Plivo-Signature-V3': signature,
        'X-Plivo-Signature-Ma-V3': signature,
        'X-Plivo-Signature-V3-Nonce': nonce,
      };
    }
    case 'telnyx':
      return { 'x-telnyx-streaming-auth-token': input.authToken };
  }
}
