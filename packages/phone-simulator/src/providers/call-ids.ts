import { randomBytes, randomUUID } from 'node:crypto';

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const UPPERCASE_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Length of the random part of a Telnyx `call_control_id` after `v2:` or `v3:` (its examples'). */
const TELNYX_CALL_CONTROL_ID_CHARS = 54;
/** Digits in a Telnyx connection id (the TeXML application's numeric id). */
const TELNYX_CONNECTION_ID_DIGITS = 19;
/** Length of the random part of a Plivo auth id after `MA`. */
const PLIVO_AUTH_ID_CHARS = 18;
/** Digits in a Plivo signature nonce. */
const PLIVO_NONCE_DIGITS = 20;

/** A Twilio SID: a two-letter prefix (`AC`, `CA`, `MZ`) and 32 lowercase hex digits. */
export function twilioSid(prefix: 'AC' | 'CA' | 'MZ'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** A random UUID in lowercase (Plivo ids, Telnyx `call_session_id`). */
export function lowercaseUuid(): string {
  return randomUUID();
}

/** A random UUID in uppercase, as Telnyx writes `stream_id` and `user_id`. */
export function uppercaseUuid(): string {
  return randomUUID().toUpperCase();
}

/**
 * A Telnyx call control id: `v2:` (Call Control's examples) or `v3:` (TeXML's `CallSid`) and 54
 * base64url characters.
 */
export function telnyxCallControlId(version: 'v2' | 'v3' = 'v2'): string {
  return `${version}:${randomString(BASE64URL_ALPHABET, TELNYX_CALL_CONTROL_ID_CHARS)}`;
}

/** A Telnyx connection id (TeXML `ConnectionId`): 19 digits, the first not 0. */
export function telnyxConnectionId(): string {
  const firstDigit = 1 + (randomBytes(1)[0]! % 9);
  return `${firstDigit}${randomString('0123456789', TELNYX_CONNECTION_ID_DIGITS - 1)}`;
}

/** A Plivo auth id: `MA` and 18 uppercase letters or digits. */
export function plivoAuthId(): string {
  return `MA${randomString(UPPERCASE_ALPHANUMERIC, PLIVO_AUTH_ID_CHARS)}`;
}

/** A Plivo signature nonce: 20 random digits. */
export function plivoNonce(): string {
  return randomString('0123456789', PLIVO_NONCE_DIGITS);
}

function randomString(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  // the alphabets used are 10, 36 or 64 characters: the modulo bias is irrelevant for test ids
  for (const byte of bytes) text += alphabet[byte % alphabet.length];
  return text;
}
