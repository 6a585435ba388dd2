import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** An Ed25519 key pair for signing fake Telnyx webhooks in tests. */
export interface TelnyxWebhookKeys {
  /** Signs webhooks. */
  privateKey: KeyObject;
  /** The public key as Telnyx shows it in the portal: base64 of the raw 32 bytes. */
  publicKeyBase64: string;
}

/** Number of bytes at the end of an Ed25519 SPKI DER key that are the raw public key. */
const ED25519_RAW_KEY_BYTES = 32;

/** A fresh Ed25519 key pair, with the public key in Telnyx's portal format. */
export function generateTelnyxWebhookKeys(): TelnyxWebhookKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    privateKey,
    publicKeyBase64: der.subarray(der.length - ED25519_RAW_KEY_BYTES).toString('base64'),
  };
}

/**
 * The headers Telnyx puts on a webhook: `telnyx-timestamp` (Unix seconds) and
 * `telnyx-signature-ed25519`, base64 of Ed25519 over `timestamp + "|" + rawBody`.
 */
export function signTelnyxWebhook(
  privateKey: KeyObject,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const timestamp = String(timestampSeconds);
  const signature = sign(null, Buffer.from(`${timestamp}|${rawBody}`, 'utf8'), privateKey);
  return {
    'telnyx-timestamp': timestamp,
    'telnyx-signature-ed25519': signature.toString('base64'),
  };
}
