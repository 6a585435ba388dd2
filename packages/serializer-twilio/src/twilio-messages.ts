import { isKeypadEntry, type KeypadEntry, MessageRejectedError } from '@x/transport-core';
import {
  describeValue,
  objectField,
  optionalObjectField,
  optionalWholeNumberField,
  type ProviderMessage,
  parseProviderMessage,
  stringField,
  stringRecord,
} from '@x/transport-core/provider-kit';

/** The only media format Twilio Media Streams use, in both directions. */
export const TWILIO_MEDIA_ENCODING = 'audio/x-mulaw';
/** Sample rate of Twilio stream audio, in Hz. */
export const TWILIO_SAMPLE_RATE_HZ = 8_000;
/** Channels of Twilio stream audio. */
export const TWILIO_CHANNELS = 1;

/** `mediaFormat` of a Twilio `start` message. */
export interface TwilioWireMediaFormat {
  /** Always `audio/x-mulaw`. */
  encoding: string;
  /** Always 8000. */
  sampleRate: number;
  /** Always 1. */
  channels: number;
}

/** First message on a Twilio stream: `{"event":"connected","protocol":"Call","version":"1.0.0"}`. */
export interface TwilioConnectedMessage {
  event: 'connected';
  /** `Call` for Media Streams. */
  protocol: string;
  /** Protocol version, e.g. `1.0.0`. */
  version: string;
}

/** The stream started; sent once, right after `connected`. */
export interface TwilioStartMessage {
  event: 'start';
  /** Stream SID (`MZ…`), at the top level and in `start.streamSid`. */
  streamSid: string;
  /** Account SID (`AC…`) that owns the call. */
  accountSid: string;
  /** Call SID (`CA…`). */
  callSid: string;
  /** Tracks streamed (`inbound` for bidirectional streams). */
  tracks: readonly string[];
  /** Always μ-law 8 kHz mono (checked). */
  mediaFormat: TwilioWireMediaFormat;
  /** `<Parameter>` values from the TwiML. */
  customParameters: Record<string, string>;
}

/** Caller (or, for one-way streams, bot) audio: base64 μ-law. */
export interface TwilioMediaMessage {
  event: 'media';
  streamSid: string;
  /** `inbound` (the caller) or `outbound`. */
  track: string;
  /** Base64 μ-law bytes, no header. */
  payload: string;
  /**
   * `media.timestamp`: where this audio starts, in ms from the start of the stream (Twilio's
   * "presentation timestamp"); `undefined` when absent or not a whole number.
   */
  timestampMs: number | undefined;
}

/** The caller pressed a key. */
export interface TwilioDtmfMessage {
  event: 'dtmf';
  streamSid: string;
  /** The key, checked: `0`–`9`, `*` or `#`. */
  digit: KeypadEntry;
}

/** Echo of a `mark` the server sent: the audio before it was played (or cleared). */
export interface TwilioMarkMessage {
  event: 'mark';
  streamSid: string;
  /** Name the server gave the mark. */
  name: string;
}

/** The stream stopped or the call ended. */
export interface TwilioStopMessage {
  event: 'stop';
  streamSid: string;
  /** Call SID from `stop.callSid`, when present. */
  callSid: string | undefined;
}

/** Any message Twilio sends on a Media Stream. */
export type TwilioInboundMessage =
  | TwilioConnectedMessage
  | TwilioStartMessage
  | TwilioMediaMessage
  | TwilioDtmfMessage
  | TwilioMarkMessage
  | TwilioStopMessage;

/** The three messages a server may send on a bidirectional stream. */
export type TwilioOutboundMessage =
  | { event: 'media'; streamSid: string; media: { payload: string } }
  | { event: 'mark'; streamSid: string; mark: { name: string } }
  | { event: 'clear'; streamSid: string };

/** Events a server may send; anything else makes Twilio raise warning 31951. */
export const TWILIO_OUTBOUND_EVENTS = ['media', 'mark', 'clear'] as const;

/** Events Twilio sends on a bidirectional Media Stream. */
export const TWILIO_INBOUND_EVENTS = [
  'connected',
  'start',
  'media',
  'dtmf',
  'mark',
  'stop',
] as const;

/** True when a media format is the one Twilio streams use: μ-law, 8000 Hz, mono. */
export function isTwilioMediaFormat(format: TwilioWireMediaFormat): boolean {
  return (
    format.encoding === TWILIO_MEDIA_ENCODING &&
    format.sampleRate === TWILIO_SAMPLE_RATE_HZ &&
    format.channels === TWILIO_CHANNELS
  );
}

/** Describes a media format for error messages, e.g. `audio/x-mulaw at 8000 Hz, 1 channel(s)`. */
export function describeMediaFormat(format: TwilioWireMediaFormat): string {
  return `${JSON.stringify(format.encoding)} at ${format.sampleRate} Hz, ${format.channels} channel(s)`;
}

function reject(reason: string): never {
  throw new MessageRejectedError('invalid-message', reason);
}

function nonEmptyString(message: ProviderMessage, field: string, path: string): string {
  const value = message[field];
  if (typeof value !== 'string' || value.length === 0) {
    reject(`"${path}" must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

function parseMediaFormat(start: ProviderMessage): TwilioWireMediaFormat {
  const format = optionalObjectField(start, 'mediaFormat');
  if (!format) reject('"start.mediaFormat" must be an object');
  const { encoding, sampleRate, channels } = format;
  if (typeof encoding !== 'string') reject('"start.mediaFormat.encoding" must be a string');
  if (typeof sampleRate !== 'number') reject('"start.mediaFormat.sampleRate" must be a number');
  // `channels` is documented as always 1; a missing value is read as mono.
  const channelCount = channels ?? TWILIO_CHANNELS;
  if (typeof channelCount !== 'number') reject('"start.mediaFormat.channels" must be a number');
  const parsed = { encoding, sampleRate, channels: channelCount };
  if (!isTwilioMediaFormat(parsed)) {
    throw new MessageRejectedError(
      'unsupported-codec',
      `"start.mediaFormat" is ${describeMediaFormat(parsed)}; Twilio streams are ` +
        `"${TWILIO_MEDIA_ENCODING}" at ${TWILIO_SAMPLE_RATE_HZ} Hz, mono: the stream is refused`,
    );
  }
  return parsed;
}

function parseStart(message: ProviderMessage): TwilioStartMessage {
  const start = objectField(message, 'start');
  const streamSid = nonEmptyString(start, 'streamSid', 'start.streamSid');
  const topLevelStreamSid = message.streamSid;
  if (topLevelStreamSid !== undefined && topLevelStreamSid !== streamSid) {
    throw new MessageRejectedError(
      'stream-mismatch',
      `"streamSid" ${describeValue(topLevelStreamSid)} differs from "start.streamSid" ${describeValue(streamSid)}`,
    );
  }
  const tracks = start.tracks ?? ['inbound'];
  if (!Array.isArray(tracks) || !tracks.every((track) => typeof track === 'string')) {
    reject('"start.tracks" must be an array of strings');
  }
  const customParameters = start.customParameters;
  if (
    customParameters !== undefined &&
    (customParameters === null ||
      typeof customParameters !== 'object' ||
      Array.isArray(customParameters))
  ) {
    reject('"start.customParameters" must be an object');
  }
  return {
    event: 'start',
    streamSid,
    accountSid: nonEmptyString(start, 'accountSid', 'start.accountSid'),
    callSid: nonEmptyString(start, 'callSid', 'start.callSid'),
    tracks: tracks as string[],
    mediaFormat: parseMediaFormat(start),
    customParameters: stringRecord(customParameters),
  };
}

function parseMedia(message: ProviderMessage, streamSid: string): TwilioMediaMessage {
  const media = objectField(message, 'media');
  const track = media.track ?? 'inbound';
  if (track !== 'inbound' && track !== 'outbound') {
    reject(`"media.track" must be "inbound" or "outbound", got ${describeValue(track)}`);
  }
  const payload = media.payload;
  if (typeof payload !== 'string') reject('"media.payload" must be a string');
  return {
    event: 'media',
    streamSid,
    track,
    payload,
    timestampMs: optionalWholeNumberField(media, 'timestamp'),
  };
}

function parseDtmf(message: ProviderMessage, streamSid: string): TwilioDtmfMessage {
  const digit = objectField(message, 'dtmf').digit;
  if (!isKeypadEntry(digit)) {
    throw new MessageRejectedError(
      'invalid-dtmf',
      `"dtmf.digit" ${describeValue(digit)}: expected one of 0-9, *, #`,
    );
  }
  return { event: 'dtmf', streamSid, digit };
}

function parseMark(message: ProviderMessage, streamSid: string): TwilioMarkMessage {
  const name = objectField(message, 'mark').name;
  if (typeof name !== 'string') reject('"mark.name" must be a string');
  return { event: 'mark', streamSid, name };
}

function parseStop(message: ProviderMessage, streamSid: string): TwilioStopMessage {
  const stop = message.stop === undefined ? {} : objectField(message, 'stop');
  const callSid = stop.callSid;
  return { event: 'stop', streamSid, callSid: typeof callSid === 'string' ? callSid : undefined };
}

/**
 * Parses and checks one message Twilio sent on a Media Stream.
 *
 * @throws MessageRejectedError with kind `binary-message`, `invalid-json`, `invalid-message`
 * (missing or mistyped field, named in the reason), `unknown-event`, `invalid-dtmf`,
 * `unsupported-codec` (a `start` whose media format is not μ-law 8 kHz mono) or
 * `stream-mismatch` (top-level and `start.streamSid` differ). Nothing else is thrown.
 */
export function parseTwilioMessage(data: string | Uint8Array): TwilioInboundMessage {
  return parseTwilioMessageObject(parseProviderMessage(data));
}

/** Like `parseTwilioMessage`, for a message already parsed from JSON. */
export function parseTwilioMessageObject(message: ProviderMessage): TwilioInboundMessage {
  const event = message.event;
  if (typeof event !== 'string') reject('"event" must be a string');
  switch (event) {
    case 'connected':
      return {
        event,
        protocol: nonEmptyString(message, 'protocol', 'protocol'),
        version: nonEmptyString(message, 'version', 'version'),
      };
    case 'start':
      return parseStart(message);
    case 'media':
      return parseMedia(message, stringField(message, 'streamSid'));
    case 'dtmf':
      return parseDtmf(message, stringField(message, 'streamSid'));
    case 'mark':
      return parseMark(message, stringField(message, 'streamSid'));
    case 'stop':
      return parseStop(message, stringField(message, 'streamSid'));
    default:
      throw new MessageRejectedError(
        'unknown-event',
        `unknown Twilio event ${describeValue(event)}: expected one of ${TWILIO_INBOUND_EVENTS.join(', ')}`,
      );
  }
}
