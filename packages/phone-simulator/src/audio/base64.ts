/** Standard base64 with padding, as the providers send and expect it. */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * True when `text` is standard, padded base64. Node's decoder silently skips invalid characters,
 * so a payload has to be checked before it is decoded.
 */
export function isStandardBase64(text: string): boolean {
  return STANDARD_BASE64.test(text);
}

/** Bytes that valid, padded base64 `text` decodes to, computed without decoding. */
export function base64DecodedLength(text: string): number {
  if (text.length === 0) return 0;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** Encodes bytes as standard, padded base64 without copying them. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Decodes base64 that `isStandardBase64` accepted. */
export function decodeBase64(text: string): Uint8Array {
  return Buffer.from(text, 'base64');
}
