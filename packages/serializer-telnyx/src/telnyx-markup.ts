import type { MediaFormat } from '@x/transport-core';
import { checkUrl, escapeXml, WEBSOCKET_URL_SCHEMES } from '@x/transport-core/provider-kit';
import {
  checkTelnyxBotAudioFormat,
  TELNYX_DEFAULT_BOT_AUDIO_FORMAT,
} from './telnyx-audio-format.js';

/** `Content-Type` of a TeXML answer. */
export const TEXML_CONTENT_TYPE = 'application/xml';

/** Which audio Telnyx streams to us: the caller's, the bot's, or both. */
export type TelnyxStreamTrack = 'inbound_track' | 'outbound_track' | 'both_tracks';

/** Codec requested for the caller audio (`stream_codec`, TeXML `codec`); `default` is the call's. */
export type TelnyxCallerCodecRequest = 'PCMU' | 'PCMA' | 'L16' | 'default';

/** Default track: the caller only (both tracks would feed the bot's own voice back to it). */
export const DEFAULT_TELNYX_STREAM_TRACK: TelnyxStreamTrack = 'inbound_track';

/** Options of `texmlConnectStream`. */
export interface TexmlConnectStreamOptions {
  /** Public `wss://` URL of the WebSocket endpoint. */
  url: string;
  /**
   * Bot audio format: what the serializer sends, written as `bidirectionalCodec` and
   * `bidirectionalSamplingRate`. Pass the same value to the serializer (or use one
   * `createTelnyxProvider` for both). Default PCMU at 8000 Hz.
   */
  botAudioFormat?: MediaFormat | undefined;
  /** Codec requested for the caller audio (`codec`); default unset: the call's own codec. */
  callerCodec?: TelnyxCallerCodecRequest | undefined;
  /** Which track to stream (`track`); default `inbound_track`. */
  track?: TelnyxStreamTrack | undefined;
  /** Stream name (`name`). */
  name?: string | undefined;
  /** URL for stream status callbacks (`statusCallback`). */
  statusCallback?: string | undefined;
  /** Method of the status callbacks (`statusCallbackMethod`); Telnyx's default is POST. */
  statusCallbackMethod?: 'GET' | 'POST' | undefined;
  /**
   * Custom parameters, written as `<Parameter name value/>` children (the Twilio-compatible
   * form; Telnyx does not document it for TeXML, so check it on a live call).
   */
  parameters?: Readonly<Record<string, string>> | undefined;
}

/**
 * Escapes text for an XML attribute value in double quotes (`& < > " '`, and tab, newline and
 * carriage return as character references). The same as `escapeXml` of `@x/transport-core`.
 */
export const escapeXmlAttribute: (value: string) => string = escapeXml;

/**
 * Checks a WebSocket URL for a stream.
 * @throws RangeError when it is not an absolute `wss://` (or `ws://`) URL.
 */
export function checkStreamUrl(url: string): string {
  return checkUrl(url, 'stream URL', WEBSOCKET_URL_SCHEMES);
}

function attribute(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : ` ${name}="${escapeXmlAttribute(String(value))}"`;
}

/**
 * TeXML that connects the call to a bidirectional stream in RTP mode (`<Connect><Stream>`):
 * `bidirectionalMode="rtp"` is always written, because Telnyx's default (`mp3`) plays nothing
 * of the raw audio the serializer sends. Every value is XML-escaped.
 * @throws RangeError for a URL that is not `wss://`, or an unsupported bot audio format.
 */
export function texmlConnectStream(options: TexmlConnectStreamOptions): string {
  const url = checkStreamUrl(options.url);
  const bot = checkTelnyxBotAudioFormat(options.botAudioFormat ?? TELNYX_DEFAULT_BOT_AUDIO_FORMAT);
  const attributes =
    attribute('url', url) +
    attribute('name', options.name) +
    attribute('codec', options.callerCodec) +
    attribute('bidirectionalMode', 'rtp') +
    attribute('bidirectionalCodec', bot.encoding) +
    attribute('bidirectionalSamplingRate', bot.sampleRate) +
    attribute('track', options.track ?? DEFAULT_TELNYX_STREAM_TRACK) +
    attribute('statusCallback', options.statusCallback) +
    attribute('statusCallbackMethod', options.statusCallbackMethod);
  const parameters = Object.entries(options.parameters ?? {});
  const stream =
    parameters.length === 0
      ? `    <Stream${attributes}/>`
      : [
          `    <Stream${attributes}>`,
          ...parameters.map(
            ([name, value]) =>
              `      <Parameter${attribute('name', name)}${attribute('value', value)}/>`,
          ),
          '    </Stream>',
        ].join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Response>',
    '  <Connect>',
    stream,
    '  </Connect>',
    '</Response>',
  ].join('\n');
}
