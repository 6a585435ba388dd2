import { createPublicKey, verify } from 'node:crypto';

/** DER prefix that turns 32 raw Ed25519 public-key bytes into an SPKI key. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Checks a Telnyx webhook signature the way a server does: Ed25519 over `timestamp|rawBody`
 * with the public key in Telnyx's portal form (base64 of the 32 raw bytes).
 */
export function telnyxSignatureIsValid(
  publicKeyBase64: string,
  timestamp: string,
  rawBody: string,
  signature: string,
): boolean {
  const key = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyBase64, 'base64')]),
    format: 'der',
    type: 'spki',
  });
  return verify(
    null,
    Buffer.from(`${timestamp}|${rawBody}`),
    key,
    Buffer.from(signature, 'base64'),
  );
}
