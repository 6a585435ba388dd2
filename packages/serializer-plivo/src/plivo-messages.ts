import {
  isKeypadEntry,
  type KeypadEntry,
  type MediaFormat,
  MessageRejectedError,
} from '@x/transport-core';
import {
  describeValue,
  optionalObjectField,
  optionalStringField,
  optionalWholeNumberField,
  type ProviderMessage,
  parseProviderMessage,
  stringRecord,
} from '@x/transport-core/provider-kit';
import { parsePlivoExtraHeaders } from './plivo-extra-headers.js';
import {
  type PlivoContentType,
  plivoMediaFormat,
  SUPPORTED_PLIVO_FORMATS,
} from './plivo-media-format.js';

/** The stream started. Plivo sends it first (there is no `connected`). */
export interface PlivoStartMessage {
  event: 'start';
  /** `start.streamId`. */
  streamId: string;
  /** `start.callId`: the call UUID, used by the REST hang-up. */
  callId: string;
  /** `start.accountId` (`MA…` or `SA…`), when present. */
  accountId: string | undefined;
  /** `start.tracks`, e.g. `["inbound"]`. */
  tracks: readonly string[];
  /** `start.mediaFormat`, checked: μ-law 8 kHz or L16 8/16 kHz. */
  mediaFormat: MediaFormat;
  /** The top-level `extra_headers` string exactly as sent, when present. */
  extraHeaders: string | undefined;
  /**
   * Custom parameters: the undocumented `start.customParameters` object merged with the parsed
   * `extra_headers` (which wins on a shared key).
   */
  customParameters: Record<string, string>;
}

/** Caller audio: base64 μ-law or little-endian L16, in the start message's format. */
export interface PlivoMediaMessage {
  event: 'media';
  /** Top-level `streamId`, when present. */
  streamId: string | undefined;
  /** `media.track`; `inbound` when absent (the only track of a bidirectional stream). */
  track: string;
  /** `media.payload`, base64 (not decoded yet). */
  payload: string;
  /** `media.chunk`, the message's number in the stream; `undefined` when absent or not whole. */
  chunk: number | undefined;
}

/** The caller pressed a key. */
export interface PlivoDtmfMessage {
  event: 'dtmf';
  streamId: string | undefined;
  /** `dtmf.digit`, checked: `0`–`9`, `*` or `#`. */
  digit: KeypadEntry;
}

/** Answer to a `checkpoint`: the audio sent before it was played (`played` in old docs). */
export interface PlivoPlayedStreamMessage {
  event: 'playedStream' | 'played';
  streamId: string | undefined;
  /** The checkpoint's name. */
  name: string;
}

/** Answer to `clearAudio`: Plivo dropped the audio it had buffered. */
export interface PlivoClearedAudioMessage {
  event: 'clearedAudio';
  streamId: string | undefined;
}

/** The stream stopped (undocumented; Plivo's own SDKs handle it). */
export interface PlivoStopMessage {
  event: 'stop';
  streamId: string | undefined;
  /** `reason`, when given. */
  reason: string | undefined;
}

/** A stream error or failed playback (undocumented; Plivo's agent-transport handles both). */
export interface PlivoErrorMessage {
  event: 'error' | 'playFailed';
  streamId: string | undefined;
  /** `reason` (or `message`), when given. */
  reason: string | undefined;
  /** `code`, when given. */
  code: string | undefined;
}

/** Any message Plivo sends on an audio stream, as parsed and checked. */
export type PlivoInboundMessage =
  | PlivoStartMessage
  | PlivoMediaMessage
  | PlivoDtmfMessage
  | PlivoPlayedStreamMessage
  | PlivoClearedAudioMessage
  | PlivoStopMessage
  | PlivoErrorMessage;

/** Events Plivo sends; anything else is rejected as `unknown-event`. */
export const PLIVO_INBOUND_EVENTS = [
  'start',
  'media',
  'dtmf',
  'playedStream',
  'played',
  'clearedAudio',
  'stop',
  'error',
  'playFailed',
] as const;

/** Audio to play: `{"event":"playAudio","media":{"contentType","sampleRate","payload"}}`. */
export interface PlivoPlayAudioMessage {
  event: 'playAudio';
  media: { contentType: PlivoContentType; sampleRate: number; payload: string };
}

/** A named marker after queued audio; Plivo answers `playedStream` once it is played. */
export interface PlivoCheckpointMessage {
  event: 'checkpoint';
  streamId: string;
  name: string;
}

/** Drop the audio Plivo has buffered; Plivo answers `clearedAudio`. */
export interface PlivoClearAudioMessage {
  event: 'clearAudio';
  streamId: string;
}

/** Play DTMF tones on the call, e.g. `{"event":"sendDTMF","dtmf":"1234#"}`. */
export interface PlivoSendDtmfMessage {
  event: 'sendDTMF';
  dtmf: string;
}

/** The messages a server may send on a bidirectional Plivo stream. */
export type PlivoOutboundMessage =
  | PlivoPlayAudioMessage
  | PlivoCheckpointMessage
  | PlivoClearAudioMessage
  | PlivoSendDtmfMessage;

/** Events a server may send to Plivo. */
export const PLIVO_OUTBOUND_EVENTS = ['playAudio', 'checkpoint', 'clearAudio', 'sendDTMF'] as const;

function reject(reason: string): never {
  throw new MessageRejectedError('invalid-message', reason);
}

function describe(value: unknown): string {
  return describeValue(value);
}

function requiredString(message: ProviderMessage, field: string, path: string): string {
  const value = message[field];
  if (typeof value !== 'string' || value.length === 0) {
    reject(`"${path}" must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function optionalString(message: ProviderMessage, field: string): string | undefined {
  const value = message[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') reject(`"${field}" must be a string, got ${describe(value)}`);
  return value;
}

function requiredObject(message: ProviderMessage, field: string, path: string): ProviderMessage {
  const value = optionalObjectField(message, field);
  if (!value) reject(`"${path}" must be an object, got ${describe(message[field])}`);
  return value;
}

/**
 * Reads the `start` part of a Plivo start message (also used to recognise one).
 * @throws MessageRejectedError `invalid-message` naming a missing or mistyped field, or
 * `unsupported-codec` naming a media format Plivo does not stream.
 */
export function parsePlivoStart(message: ProviderMessage): PlivoStartMessage {
  const start = requiredObject(message, 'start', 'start');
  const streamId = requiredString(start, 'streamId', 'start.streamId');
  const callId = requiredString(start, 'callId', 'start.callId');
  const accountId = optionalStringField(start, 'accountId');
  const tracksValue = start.tracks ?? [];
  if (!Array.isArray(tracksValue) || !tracksValue.every((track) => typeof track === 'string')) {
    reject(`"start.tracks" must be an array of strings, got ${describe(tracksValue)}`);
  }
  const wireFormat = requiredObject(start, 'mediaFormat', 'start.mediaFormat');
  const mediaFormat = plivoMediaFormat(wireFormat.encoding, wireFormat.sampleRate);
  if (!mediaFormat) {
    throw new MessageRejectedError(
      'unsupported-codec',
      `"start.mediaFormat" is ${describe(wireFormat.encoding)} at ${describe(wireFormat.sampleRate)} Hz; ` +
        `Plivo streams ${SUPPORTED_PLIVO_FORMATS}`,
    );
  }
  const extraHeadersValue = message.extra_headers;
  let extraHeaders: string | undefined;
  if (typeof extraHeadersValue === 'string') extraHeaders = extraHeadersValue;
  else if (extraHeadersValue !== undefined && extraHeadersValue !== null) {
    // Plivo documents a string; an object is read as the parameters themselves.
    if (typeof extraHeadersValue !== 'object' || Array.isArray(extraHeadersValue)) {
      reject(`"extra_headers" must be a string, got ${describe(extraHeadersValue)}`);
    }
    extraHeaders = JSON.stringify(extraHeadersValue);
  }
  const customParameters = {
    ...stringRecord(start.customParameters),
    ...(extraHeaders === undefined ? {} : parsePlivoExtraHeaders(extraHeaders)),
  };
  return {
    event: 'start',
    streamId,
    callId,
    accountId,
    tracks: tracksValue as string[],
    mediaFormat,
    extraHeaders,
    customParameters,
  };
}

function parseMedia(message: ProviderMessage): PlivoMediaMessage {
  const media = requiredObject(message, 'media', 'media');
  const payload = media.payload;
  if (typeof payload !== 'string')
    reject(`"media.payload" must be a string, got ${describe(payload)}`);
  const track = media.track ?? 'inbound';
  if (typeof track !== 'string') reject(`"media.track" must be a string, got ${describe(track)}`);
  return {
    event: 'media',
    streamId: optionalString(message, 'streamId'),
    track,
    payload,
    chunk: optionalWholeNumberField(media, 'chunk'),
  };
}

function parseDtmf(message: ProviderMessage): PlivoDtmfMessage {
  const dtmf = requiredObject(message, 'dtmf', 'dtmf');
  const digit = dtmf.digit;
  if (!isKeypadEntry(digit)) {
    throw new MessageRejectedError(
      'invalid-dtmf',
      `"dtmf.digit" ${describe(digit)} is not a DTMF key (0-9, *, #)`,
    );
  }
  return { event: 'dtmf', streamId: optionalString(message, 'streamId'), digit };
}

function reasonOf(message: ProviderMessage): string | undefined {
  const nested = optionalObjectField(message, message.event as string);
  return (
    optionalStringField(message, 'reason') ??
    optionalStringField(message, 'message') ??
    (nested && (optionalStringField(nested, 'reason') ?? optionalStringField(nested, 'message')))
  );
}

/**
 * Parses and checks one message Plivo sent on an audio stream.
 * @throws MessageRejectedError — `binary-message`, `invalid-json`, `invalid-message` (naming
 * the field), `unknown-event`, `invalid-dtmf` or `unsupported-codec`; never anything else.
 */
export function parsePlivoMessage(data: string | Uint8Array): PlivoInboundMessage {
  const message = parseProviderMessage(data);
  const event = message.event;
  if (typeof event !== 'string' || event.length === 0) {
    reject(`"event" must be a non-empty string, got ${describe(event)}`);
  }
  switch (event) {
    case 'media':
      return parseMedia(message);
    case 'start':
      return parsePlivoStart(message);
    case 'dtmf':
      return parseDtmf(message);
    case 'playedStream':
    case 'played': {
      const name = message.name;
      if (typeof name !== 'string') reject(`"name" must be a string, got ${describe(name)}`);
      return { event, streamId: optionalString(message, 'streamId'), name };
    }
    case 'clearedAudio':
      return { event, streamId: optionalString(message, 'streamId') };
    case 'stop':
      return { event, streamId: optionalString(message, 'streamId'), reason: reasonOf(message) };
    case 'error':
    case 'playFailed':
      return {
        event,
        streamId: optionalString(message, 'streamId'),
        reason: reasonOf(message),
        code: optionalStringField(message, 'code'),
      };
    default:
      throw new MessageRejectedError(
        'unknown-event',
        `unknown Plivo event ${describeValue(event)}; expected one of ${PLIVO_INBOUND_EVENTS.join(', ')}`,
      );
  }
}
