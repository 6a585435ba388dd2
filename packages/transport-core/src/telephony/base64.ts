import { MessageRejectedError } from '../serializer/message-rejected-error.js';

/** Character code of `=`, base64's padding. */
const PADDING = 0x3d;

/**
 * Whether `text` is standard, padded base64: a length that is a multiple of four, only the 64
 * standard characters, and at most two `=` at the very end. Node's decoder alone is not enough: it
 * skips characters outside the alphabet (whitespace too), stops at a `=` in the middle and also
 * reads base64url's `-` and `_`.
 *
 * No regular expression: it was a measurable part of every inbound media message's cost. The
 * alphabet is checked natively: ASCII only (the UTF-8 length equals the length), the decoded
 * length (a skipped or stopping character leaves fewer bytes than the text's length promises) and
 * a search for base64url's two characters.
 */
function decodedIfStrictBase64(text: string): Buffer | undefined {
  const length = text.length;
  if (length % 4 !== 0) return undefined;
  let padding = 0;
  if (length > 0 && text.charCodeAt(length - 1) === PADDING) {
    padding = text.charCodeAt(length - 2) === PADDING ? 2 : 1;
  }
  // Only ASCII: Node reads other characters by their low byte.
  if (Buffer.byteLength(text, 'utf8') !== length) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== (length / 4) * 3 - padding) return undefined;
  if (text.includes('-') || text.includes('_')) return undefined;
  return bytes;
}

/**
 * Decodes standard, padded base64 (what the providers send), refusing anything else: Node's
 * decoder silently skips invalid characters, which would turn a corrupt payload into noise.
 * @throws MessageRejectedError `invalid-audio` naming `field` when the text is not valid base64.
 */
export function decodeBase64Payload(text: string, field = 'payload'): Uint8Array {
  const bytes = decodedIfStrictBase64(text);
  if (bytes === undefined) {
    throw new MessageRejectedError(
      'invalid-audio',
      `"${field}" is not valid base64 (${text.length} characters)`,
    );
  }
  return bytes;
}

/** Whether `text` is standard, padded base64 (see `decodeBase64Payload`). */
export function isStrictBase64(text: string): boolean {
  return decodedIfStrictBase64(text) !== undefined;
}

/** Encodes bytes as standard, padded base64 without copying them. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
