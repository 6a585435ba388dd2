import { base64DecodedLength, isStandardBase64 } from '../audio/base64.js';
import type { ProtocolViolation } from './provider-dialect.js';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** Why a frame is not a JSON object. */
export type UnreadableFrame = 'binary-frame' | 'not-json' | 'not-object';

/** Parses a text frame into a JSON object, or says why it is not one. */
export function readJsonObject(data: string | Uint8Array): JsonObject | UnreadableFrame {
  if (typeof data !== 'string') return 'binary-frame';
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return 'not-json';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not-object';
  return value as JsonObject;
}

/** A plain-language description of an unreadable frame. */
export function describeUnreadable(reason: UnreadableFrame, data: string | Uint8Array): string {
  switch (reason) {
    case 'binary-frame':
      return `binary WebSocket frame of ${data.length} bytes; only JSON text frames are accepted`;
    case 'not-json':
      return `text frame is not JSON: ${snippet(data as string)}`;
    case 'not-object':
      return `JSON message is not an object: ${snippet(data as string)}`;
  }
}

/** The object at `object[key]` when it is a plain object. */
export function objectAt(object: JsonObject, key: string): JsonObject | undefined {
  const value = object[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** Keys of `object` that are not in `allowed`. */
export function extraKeys(object: JsonObject, allowed: readonly string[]): string[] {
  return Object.keys(object).filter((key) => !allowed.includes(key));
}

/** At most `maxLength` characters of `text`, marked when cut. */
export function snippet(text: string, maxLength = 120): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}… (${text.length} chars)`;
}

/** Base64 of "RIFF": a WAV header inside a payload, which providers play as noise. */
const RIFF_BASE64_PREFIX = 'UklGR';

/** The result of checking an audio payload field. */
export type PayloadCheck =
  | { ok: true; byteLength: number; warnings: ProtocolViolation[] }
  | { ok: false; detail: string };

/** Checks that `payload` is a string of standard base64; warns about a WAV header inside. */
export function checkPayload(payload: unknown, field: string): PayloadCheck {
  if (typeof payload !== 'string') {
    return { ok: false, detail: `"${field}" must be a base64 string, got ${typeName(payload)}` };
  }
  if (!isStandardBase64(payload)) {
    return { ok: false, detail: `"${field}" is not valid base64: ${snippet(payload, 40)}` };
  }
  const warnings: ProtocolViolation[] = [];
  if (payload.startsWith(RIFF_BASE64_PREFIX)) {
    warnings.push({
      rule: 'file-header-in-payload',
      detail: `"${field}" starts with a RIFF/WAV header, which the provider plays as noise; send raw audio`,
      rejected: false,
    });
  }
  return { ok: true, byteLength: base64DecodedLength(payload), warnings };
}

/** A short name for the type of `value`, for error messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}

/** `"a", "b"` for error messages. */
export function quoteList(keys: readonly string[]): string {
  return keys.map((key) => `"${key}"`).join(', ');
}
