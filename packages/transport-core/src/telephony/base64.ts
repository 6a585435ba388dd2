import { MessageRejectedError } from '../serializer/message-rejected-error.js';

const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard, padded base64 (what the providers send), refusing anything else: Node's
 * decoder silently skips invalid characters, which would turn a corrupt payload into noise.
 * @throws MessageRejectedError `invalid-audio` naming `field` when the text is not valid base64.
 */
export function decodeBase64Payload(text: string, field = 'payload'): Uint8Array {
  if (!BASE64_PATTERN.test(text)) {
    throw new MessageRejectedError(
      'invalid-audio',
      `"${field}" is not valid base64 (${text.length} characters)`,
    );
  }
  return Buffer.from(text, 'base64');
}

/** Encodes bytes as standard, padded base64 without copying them. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
