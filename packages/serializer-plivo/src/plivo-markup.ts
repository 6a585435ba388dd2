import {
  checkUrl,
  escapeXml,
  HTTP_URL_SCHEMES,
  WEBSOCKET_URL_SCHEMES,
} from '@x/transport-core/provider-kit';
import { formatPlivoExtraHeaders } from './plivo-extra-headers.js';
import {
  DEFAULT_PLIVO_STREAM_CONTENT_TYPE,
  type PlivoStreamContentType,
} from './plivo-media-format.js';

/** HTTP `Content-Type` of Plivo XML answers. */
export const PLIVO_XML_CONTENT_TYPE = 'application/xml';

/** Lowest `noiseCancellationLevel` Plivo accepts. */
export const PLIVO_NOISE_CANCELLATION_MIN_LEVEL = 60;
/** Highest `noiseCancellationLevel` Plivo accepts. */
export const PLIVO_NOISE_CANCELLATION_MAX_LEVEL = 100;

const STREAM_CONTENT_TYPES: readonly PlivoStreamContentType[] = [
  'audio/x-mulaw;rate=8000',
  'audio/x-l16;rate=8000',
  'audio/x-l16;rate=16000',
];

/** Options of `plivoStreamXml`. */
export interface PlivoStreamXmlOptions {
  /** Public `wss://` URL of the WebSocket endpoint (the element's text). */
  url: string;
  /** Audio format in both directions; default `audio/x-mulaw;rate=8000` (Plivo's own default is L16 8 kHz). */
  contentType?: PlivoStreamContentType;
  /** Custom parameters, delivered as `extra_headers` in the start message; keys and values `[A-Za-z0-9]`, 512 bytes in all. */
  extraHeaders?: Readonly<Record<string, string>>;
  /** Let the server play audio back (`bidirectional`); default `true`. */
  bidirectional?: boolean;
  /** Run the stream alone and hold the call while it lasts (`keepCallAlive`); default `true`. */
  keepCallAlive?: boolean;
  /** Which audio to stream (`audioTrack`); must be `inbound` for a bidirectional stream. Plivo's default: `inbound`. */
  audioTrack?: 'inbound' | 'outbound' | 'both';
  /** Stream length limit, in seconds (`streamTimeout`); Plivo's default: 86400. */
  streamTimeoutSeconds?: number;
  /** URL notified of `StartStream`, `StopStream` and `DroppedStream` (`statusCallbackUrl`). */
  statusCallbackUrl?: string;
  /** Method of the status callback (`statusCallbackMethod`); Plivo's default: `POST`. */
  statusCallbackMethod?: 'GET' | 'POST';
  /** Plivo's noise cancellation on the caller audio (`noiseCancellation`); Plivo's default: off. */
  noiseCancellation?: boolean;
  /** Noise cancellation strength, 60–100 (`noiseCancellationLevel`); Plivo's default: 85. */
  noiseCancellationLevel?: number;
}

/** Defaults of `plivoStreamXml`'s optional fields that it always writes. */
export const DEFAULT_PLIVO_STREAM_XML_OPTIONS = Object.freeze({
  contentType: DEFAULT_PLIVO_STREAM_CONTENT_TYPE,
  bidirectional: true,
  keepCallAlive: true,
});

/**
 * Escapes `& < > " '`, and tab, newline and carriage return as character references, for XML text
 * and attribute values: `escapeXml` of `@x/transport-core`.
 */
export { escapeXml };

function attributesOf(options: PlivoStreamXmlOptions): [string, string][] {
  const bidirectional = options.bidirectional ?? DEFAULT_PLIVO_STREAM_XML_OPTIONS.bidirectional;
  const contentType = options.contentType ?? DEFAULT_PLIVO_STREAM_XML_OPTIONS.contentType;
  if (!STREAM_CONTENT_TYPES.includes(contentType)) {
    throw new RangeError(
      `contentType ${JSON.stringify(contentType)} is not one Plivo streams: ${STREAM_CONTENT_TYPES.join(', ')}`,
    );
  }
  if (bidirectional && options.audioTrack !== undefined && options.audioTrack !== 'inbound') {
    throw new RangeError(
      `audioTrack ${JSON.stringify(options.audioTrack)} is not allowed on a bidirectional stream: use inbound`,
    );
  }
  const attributes: [string, string][] = [
    ['bidirectional', String(bidirectional)],
    [
      'keepCallAlive',
      String(options.keepCallAlive ?? DEFAULT_PLIVO_STREAM_XML_OPTIONS.keepCallAlive),
    ],
    ['contentType', contentType],
  ];
  if (options.audioTrack !== undefined) attributes.push(['audioTrack', options.audioTrack]);
  if (options.streamTimeoutSeconds !== undefined) {
    const seconds = options.streamTimeoutSeconds;
    if (!Number.isInteger(seconds) || seconds <= 0) {
      throw new RangeError(`streamTimeoutSeconds must be a positive integer, got ${seconds}`);
    }
    attributes.push(['streamTimeout', String(seconds)]);
  }
  if (options.statusCallbackUrl !== undefined) {
    checkUrl(options.statusCallbackUrl, 'statusCallbackUrl', HTTP_URL_SCHEMES);
    attributes.push(['statusCallbackUrl', options.statusCallbackUrl]);
  }
  if (options.statusCallbackMethod !== undefined) {
    attributes.push(['statusCallbackMethod', options.statusCallbackMethod]);
  }
  if (options.noiseCancellation !== undefined) {
    attributes.push(['noiseCancellation', String(options.noiseCancellation)]);
  }
  if (options.noiseCancellationLevel !== undefined) {
    const level = options.noiseCancellationLevel;
    if (
      !Number.isInteger(level) ||
      level < PLIVO_NOISE_CANCELLATION_MIN_LEVEL ||
      level > PLIVO_NOISE_CANCELLATION_MAX_LEVEL
    ) {
      throw new RangeError(
        `noiseCancellationLevel must be an integer from ${PLIVO_NOISE_CANCELLATION_MIN_LEVEL} to ` +
          `${PLIVO_NOISE_CANCELLATION_MAX_LEVEL}, got ${level}`,
      );
    }
    attributes.push(['noiseCancellationLevel', String(level)]);
  }
  if (options.extraHeaders !== undefined && Object.keys(options.extraHeaders).length > 0) {
    attributes.push(['extraHeaders', formatPlivoExtraHeaders(options.extraHeaders)]);
  }
  return attributes;
}

/**
 * The `<Stream>` element connecting a call to a WebSocket, e.g.
 * `<Stream bidirectional="true" keepCallAlive="true" contentType="audio/x-mulaw;rate=8000">wss://…</Stream>`.
 * Every value is XML-escaped.
 * @throws RangeError for a URL that is not `wss://`/`ws://`, extra headers Plivo refuses (see
 * `formatPlivoExtraHeaders`), or another out-of-range option (named).
 */
export function plivoStreamElement(options: PlivoStreamXmlOptions): string {
  checkUrl(options.url, 'url', WEBSOCKET_URL_SCHEMES);
  const attributes = attributesOf(options)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  return `<Stream${attributes}>${escapeXml(options.url)}</Stream>`;
}

/**
 * A complete Plivo XML answer that streams the call to `url` and keeps it up while the stream
 * lasts:
 *
 * ```xml
 * <?xml version="1.0" encoding="UTF-8"?>
 * <Response>
 *   <Stream bidirectional="true" keepCallAlive="true" contentType="audio/x-mulaw;rate=8000">wss://…</Stream>
 * </Response>
 * ```
 * @throws RangeError as `plivoStreamElement`.
 */
export function plivoStreamXml(options: PlivoStreamXmlOptions): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Response>\n  ${plivoStreamElement(options)}\n</Response>\n`
  );
}
