import { MessageRejectedError } from '../serializer/message-rejected-error.js';

/** A parsed provider message: a JSON object. */
export type ProviderMessage = Readonly<Record<string, unknown>>;

const SNIPPET_LENGTH = 80;

/** The first characters of a message, for error reasons. */
export function messageSnippet(text: string): string {
  return text.length <= SNIPPET_LENGTH ? text : `${text.slice(0, SNIPPET_LENGTH)}…`;
}

/** Longest string value quoted by `describeValue`, in characters. */
const DESCRIBED_STRING_LENGTH = 40;

/**
 * A short, safe description of a value read from a message, for refusal reasons: a string is
 * quoted (cut to 40 characters), a number, boolean or null written as is, an array or object only
 * named (never serialized: a client controls its size and depth), a missing value `nothing`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    return value.length <= DESCRIBED_STRING_LENGTH
      ? JSON.stringify(value)
      : `${JSON.stringify(value.slice(0, DESCRIBED_STRING_LENGTH))}…`;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value === 'object' ? 'JSON object' : typeof value}`;
}

/**
 * Parses a provider's text message into a JSON object.
 * @throws MessageRejectedError `binary-message` for bytes, `invalid-json` for text that is not
 * JSON, `invalid-message` for JSON that is not an object.
 */
export function parseProviderMessage(data: string | Uint8Array): ProviderMessage {
  if (typeof data !== 'string') {
    throw new MessageRejectedError(
      'binary-message',
      `expected a JSON text message, got ${data.byteLength} bytes of binary`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new MessageRejectedError('invalid-json', `not JSON: ${messageSnippet(data)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MessageRejectedError('invalid-message', `not a JSON object: ${messageSnippet(data)}`);
  }
  return parsed as ProviderMessage;
}

/**
 * Reads an object field.
 * @throws MessageRejectedError `invalid-message` naming the field when it is missing or not an object.
 */
export function objectField(message: ProviderMessage, field: string): ProviderMessage {
  const value = message[field];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MessageRejectedError('invalid-message', `"${field}" must be an object`);
  }
  return value as ProviderMessage;
}

/**
 * Reads a non-empty string field.
 * @throws MessageRejectedError `invalid-message` naming the field when it is missing or not a string.
 */
export function stringField(message: ProviderMessage, field: string): string {
  const value = message[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new MessageRejectedError('invalid-message', `"${field}" must be a non-empty string`);
  }
  return value;
}

/** Reads an optional string field; numbers are converted, anything else gives `undefined`. */
export function optionalStringField(message: ProviderMessage, field: string): string | undefined {
  const value = message[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Most decimal digits read as a whole number (15 always fit a double exactly). */
const MAX_WHOLE_NUMBER_DIGITS = 15;
/** Character codes of `0` and `9`. */
const DIGIT_ZERO = 48;
const DIGIT_NINE = 57;

/**
 * Reads an optional whole-number field (a chunk number, a timestamp in ms), given as a number or
 * as a string of decimal digits, as providers do; anything else (absent, negative, fractional,
 * too large) gives `undefined`.
 */
export function optionalWholeNumberField(
  message: ProviderMessage,
  field: string,
): number | undefined {
  const value = message[field];
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  return typeof value === 'string' ? decimalWholeNumber(value) : undefined;
}

/**
 * `text` as a whole number when it is 1 to `MAX_WHOLE_NUMBER_DIGITS` decimal digits, else
 * `undefined`; read digit by digit (it runs on every media message).
 */
function decimalWholeNumber(text: string): number | undefined {
  if (text.length === 0 || text.length > MAX_WHOLE_NUMBER_DIGITS) return undefined;
  let value = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < DIGIT_ZERO || code > DIGIT_NINE) return undefined;
    value = value * 10 + (code - DIGIT_ZERO);
  }
  return value;
}

/** Reads an optional object field, `undefined` when absent or not an object. */
export function optionalObjectField(
  message: ProviderMessage,
  field: string,
): ProviderMessage | undefined {
  const value = message[field];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as ProviderMessage)
    : undefined;
}

/** Keeps the string-valued entries of a loose object (e.g. custom parameters). */
export function stringRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return record;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') record[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') record[key] = String(entry);
  }
  return record;
}
