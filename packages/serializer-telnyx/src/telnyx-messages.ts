import {
  isKeypadEntry,
  type KeypadEntry,
  type MediaFormat,
  MessageRejectedError,
} from '@x/transport-core';
import {
  describeValue,
  objectField,
  optionalObjectField,
  optionalStringField,
  optionalWholeNumberField,
  type ProviderMessage,
  parseProviderMessage,
  stringField,
  stringRecord,
} from '@x/transport-core/provider-kit';
import { parseTelnyxMediaFormat } from './telnyx-audio-format.js';

/** Name of the field and header carrying the stream auth token (`stream_auth_token`). */
export const TELNYX_STREAM_AUTH_TOKEN_FIELD = 'x-telnyx-streaming-auth-token';

/** `connected`: first message of a stream. */
export interface TelnyxConnectedMessage {
  readonly event: 'connected';
  /** Protocol version, e.g. `1.0.0`. */
  readonly version: string | undefined;
  /** `connected["x-telnyx-streaming-auth-token"]`, present when a stream auth token is set. */
  readonly streamAuthToken: string | undefined;
}

/** `start`: the stream's metadata, sent once after `connected`. */
export interface TelnyxStartMessage {
  readonly event: 'start';
  /** Top-level `stream_id` (Telnyx puts it nowhere else). */
  readonly streamId: string;
  /** `start.call_control_id`: the id Call Control commands (hang-up) take. */
  readonly callControlId: string;
  /** `start.call_session_id`. */
  readonly callSessionId: string | undefined;
  /** `start.user_id`: the Telnyx account (user) id. */
  readonly userId: string | undefined;
  /** `start.from`: the caller's number. */
  readonly from: string | undefined;
  /** `start.to`: the called number. */
  readonly to: string | undefined;
  /** `start.client_state` (base64, as set on the call). */
  readonly clientState: string | undefined;
  /** `start.tags`. */
  readonly tags: readonly string[];
  /** `start.custom_parameters`, as an object of strings. */
  readonly customParameters: Readonly<Record<string, string>>;
  /** `start.media_format`: the caller audio format Telnyx actually sends. */
  readonly mediaFormat: MediaFormat;
}

/** `media`: one chunk of audio. */
export interface TelnyxMediaMessage {
  readonly event: 'media';
  /** Top-level `stream_id`, when present. */
  readonly streamId: string | undefined;
  /** `media.track`: `inbound` (the caller) or `outbound` (what the caller hears). */
  readonly track: 'inbound' | 'outbound';
  /** `media.chunk` as a number; `undefined` when absent or not a whole number. */
  readonly chunk: number | undefined;
  /** `media.timestamp`, as sent. */
  readonly timestamp: string | undefined;
  /** `media.payload`: base64 of the raw codec payload, no RTP header. */
  readonly payload: string;
}

/** `dtmf`: the caller pressed a key. */
export interface TelnyxDtmfMessage {
  readonly event: 'dtmf';
  readonly streamId: string | undefined;
  /** `dtmf.digit`, checked to be a DTMF key. */
  readonly digit: KeypadEntry;
}

/** `mark`: a mark we sent was reached (or returned by a `clear`). */
export interface TelnyxMarkMessage {
  readonly event: 'mark';
  readonly streamId: string | undefined;
  /** `mark.name`. */
  readonly name: string;
}

/** `error`: Telnyx refused something we sent. */
export interface TelnyxErrorMessage {
  readonly event: 'error';
  readonly streamId: string | undefined;
  /** `payload.code` as a string (e.g. `100003`). */
  readonly code: string | undefined;
  /** `payload.title` (e.g. `malformed_frame`). */
  readonly title: string | undefined;
  /** `payload.detail`. */
  readonly detail: string | undefined;
}

/** `stop`: the stream ended on Telnyx's side. */
export interface TelnyxStopMessage {
  readonly event: 'stop';
  readonly streamId: string | undefined;
  /** `stop.call_control_id`, when present. */
  readonly callControlId: string | undefined;
}

/** Every message Telnyx sends on a media stream. */
export type TelnyxInboundMessage =
  | TelnyxConnectedMessage
  | TelnyxStartMessage
  | TelnyxMediaMessage
  | TelnyxDtmfMessage
  | TelnyxMarkMessage
  | TelnyxErrorMessage
  | TelnyxStopMessage;

/** Events Telnyx sends, by name. */
export type TelnyxInboundEvent = TelnyxInboundMessage['event'];

/** `{"event":"clear"}`: stop playback and drop queued audio (queued marks come back). */
export const TELNYX_CLEAR_MESSAGE = '{"event":"clear"}';

/**
 * `{"event":"media","media":{"payload":…}}` in RTP mode: raw codec bytes in the bot audio
 * format, no RTP header. `payloadBase64` must be base64 (no characters JSON would escape).
 */
export function telnyxMediaMessage(payloadBase64: string): string {
  return `{"event":"media","media":{"payload":"${payloadBase64}"}}`;
}

/** `{"event":"mark","mark":{"name":…}}`: Telnyx echoes it when the audio before it has played. */
export function telnyxMarkMessage(name: string): string {
  return `{"event":"mark","mark":{"name":${JSON.stringify(name)}}}`;
}

function optionalString(message: ProviderMessage, field: string, path: string): string | undefined {
  const value = message[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new MessageRejectedError('invalid-message', `"${path}" must be a string`);
  }
  return value;
}

/**
 * `custom_parameters` arrives as an object; the Call Control request form (a list of
 * `{name, value}`) is accepted too.
 */
function customParametersOf(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) return stringRecord(value);
  const parameters: Record<string, string> = {};
  for (const entry of value) {
    if (entry === null || typeof entry !== 'object') continue;
    const { name, value: parameterValue } = entry as { name?: unknown; value?: unknown };
    if (typeof name === 'string' && name.length > 0) {
      parameters[name] =
        typeof parameterValue === 'string' ? parameterValue : String(parameterValue ?? '');
    }
  }
  return parameters;
}

function parseConnected(message: ProviderMessage): TelnyxConnectedMessage {
  const version = optionalString(message, 'version', 'version');
  const connected = message.connected;
  if (connected !== undefined && optionalObjectField(message, 'connected') === undefined) {
    throw new MessageRejectedError('invalid-message', '"connected" must be an object');
  }
  const details = optionalObjectField(message, 'connected');
  const streamAuthToken = details
    ? optionalString(
        details,
        TELNYX_STREAM_AUTH_TOKEN_FIELD,
        `connected.${TELNYX_STREAM_AUTH_TOKEN_FIELD}`,
      )
    : undefined;
  return { event: 'connected', version, streamAuthToken };
}

function parseStart(message: ProviderMessage): TelnyxStartMessage {
  const streamId = stringField(message, 'stream_id');
  const start = objectField(message, 'start');
  let callControlId: string;
  try {
    callControlId = stringField(start, 'call_control_id');
  } catch {
    throw new MessageRejectedError(
      'invalid-message',
      '"start.call_control_id" must be a non-empty string',
    );
  }
  const mediaFormat = optionalObjectField(start, 'media_format');
  if (!mediaFormat) {
    throw new MessageRejectedError('invalid-message', '"start.media_format" must be an object');
  }
  const tags = Array.isArray(start.tags)
    ? start.tags.filter((tag): tag is string => typeof tag === 'string')
    : [];
  return {
    event: 'start',
    streamId,
    callControlId,
    callSessionId: optionalStringField(start, 'call_session_id'),
    userId: optionalStringField(start, 'user_id'),
    from: optionalStringField(start, 'from'),
    to: optionalStringField(start, 'to'),
    clientState: optionalStringField(start, 'client_state'),
    tags,
    customParameters: customParametersOf(start.custom_parameters),
    mediaFormat: parseTelnyxMediaFormat(mediaFormat),
  };
}

function parseMedia(message: ProviderMessage, streamId: string | undefined): TelnyxMediaMessage {
  const media = objectField(message, 'media');
  const payload = media.payload;
  if (typeof payload !== 'string') {
    throw new MessageRejectedError('invalid-message', '"media.payload" must be a string');
  }
  const track = media.track ?? 'inbound';
  if (track !== 'inbound' && track !== 'outbound') {
    throw new MessageRejectedError(
      'invalid-message',
      `"media.track" must be "inbound" or "outbound", got ${describeValue(track)}`,
    );
  }
  return {
    event: 'media',
    streamId,
    track,
    chunk: optionalWholeNumberField(media, 'chunk'),
    timestamp: optionalStringField(media, 'timestamp'),
    payload,
  };
}

function parseDtmf(message: ProviderMessage, streamId: string | undefined): TelnyxDtmfMessage {
  const digit = objectField(message, 'dtmf').digit;
  if (!isKeypadEntry(digit)) {
    throw new MessageRejectedError(
      'invalid-dtmf',
      `"dtmf.digit" ${describeValue(digit)} is not a DTMF key (0-9, *, #)`,
    );
  }
  return { event: 'dtmf', streamId, digit };
}

function parseMark(message: ProviderMessage, streamId: string | undefined): TelnyxMarkMessage {
  const name = objectField(message, 'mark').name;
  if (typeof name !== 'string') {
    throw new MessageRejectedError('invalid-message', '"mark.name" must be a string');
  }
  return { event: 'mark', streamId, name };
}

function parseError(message: ProviderMessage, streamId: string | undefined): TelnyxErrorMessage {
  const payload = objectField(message, 'payload');
  return {
    event: 'error',
    streamId,
    code: optionalStringField(payload, 'code'),
    title: optionalString(payload, 'title', 'payload.title'),
    detail: optionalString(payload, 'detail', 'payload.detail'),
  };
}

function parseStop(message: ProviderMessage, streamId: string | undefined): TelnyxStopMessage {
  const stop = optionalObjectField(message, 'stop');
  return {
    event: 'stop',
    streamId,
    callControlId: stop ? optionalStringField(stop, 'call_control_id') : undefined,
  };
}

/**
 * Reads a parsed Telnyx message, checking every field the event needs.
 * @throws MessageRejectedError `unknown-event` for an event Telnyx does not send,
 * `invalid-message` naming the missing or mistyped field, `invalid-dtmf` for a bad digit,
 * `unsupported-codec` for a start message whose codec this package cannot decode.
 */
export function readTelnyxMessage(message: ProviderMessage): TelnyxInboundMessage {
  const event = message.event;
  if (typeof event !== 'string' || event.length === 0) {
    throw new MessageRejectedError('invalid-message', '"event" must be a non-empty string');
  }
  if (event === 'connected') return parseConnected(message);
  if (event === 'start') return parseStart(message);
  const streamId = optionalString(message, 'stream_id', 'stream_id');
  switch (event) {
    case 'media':
      return parseMedia(message, streamId);
    case 'dtmf':
      return parseDtmf(message, streamId);
    case 'mark':
      return parseMark(message, streamId);
    case 'error':
      return parseError(message, streamId);
    case 'stop':
      return parseStop(message, streamId);
    default:
      throw new MessageRejectedError(
        'unknown-event',
        `Telnyx does not send an event named ${JSON.stringify(event.slice(0, 40))}`,
      );
  }
}

/**
 * Parses one WebSocket message from Telnyx.
 * @throws MessageRejectedError as `readTelnyxMessage`, plus `invalid-json` and `binary-message`.
 */
export function parseTelnyxMessage(data: string | Uint8Array): TelnyxInboundMessage {
  return readTelnyxMessage(parseProviderMessage(data));
}
