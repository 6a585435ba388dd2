import type { MediaFormat } from '@x/transport-core';

/** Plivo's content type for G.711 μ-law audio. */
export const PLIVO_MULAW_CONTENT_TYPE = 'audio/x-mulaw';
/** Plivo's content type for 16-bit linear PCM (little-endian on Plivo's streams). */
export const PLIVO_L16_CONTENT_TYPE = 'audio/x-l16';

/** A content type Plivo streams use, in `playAudio` and in the start message. */
export type PlivoContentType = typeof PLIVO_MULAW_CONTENT_TYPE | typeof PLIVO_L16_CONTENT_TYPE;

/** The `contentType` attribute values of `<Stream>` (content type and rate). */
export type PlivoStreamContentType =
  | 'audio/x-mulaw;rate=8000'
  | 'audio/x-l16;rate=8000'
  | 'audio/x-l16;rate=16000';

/** Narrowband telephony rate, in Hz. */
export const PLIVO_NARROWBAND_SAMPLE_RATE_HZ = 8_000;
/** Wideband rate Plivo offers for L16, in Hz. */
export const PLIVO_WIDEBAND_SAMPLE_RATE_HZ = 16_000;
/** Plivo streams are mono. */
export const PLIVO_CHANNELS = 1;

/** The `<Stream contentType>` our markup uses by default: Plivo's own default is L16 8 kHz. */
export const DEFAULT_PLIVO_STREAM_CONTENT_TYPE: PlivoStreamContentType = 'audio/x-mulaw;rate=8000';

/** The three formats Plivo streams in both directions, for messages. */
export const SUPPORTED_PLIVO_FORMATS =
  'audio/x-mulaw at 8000 Hz, or audio/x-l16 at 8000 or 16000 Hz';

/** μ-law at 8 kHz, mono. */
export const PLIVO_MULAW_8K_FORMAT: Readonly<MediaFormat> = Object.freeze({
  encoding: 'PCMU',
  sampleRate: PLIVO_NARROWBAND_SAMPLE_RATE_HZ,
  channels: PLIVO_CHANNELS,
});

/**
 * Maps what a start message says (`mediaFormat.encoding`, `mediaFormat.sampleRate`) to a
 * `MediaFormat`, or `undefined` when it is not one of the three formats Plivo streams.
 * The encoding may carry a `;rate=N` suffix (the `<Stream contentType>` form); the rate then
 * has to agree with `sampleRate` when both are given.
 */
export function plivoMediaFormat(encoding: unknown, sampleRate: unknown): MediaFormat | undefined {
  if (typeof encoding !== 'string') return undefined;
  const [typePart, ...parameters] = encoding.split(';');
  const contentType = typePart?.trim().toLowerCase();
  let rate = typeof sampleRate === 'number' ? sampleRate : undefined;
  if (typeof sampleRate === 'string' && /^\d+$/.test(sampleRate)) rate = Number(sampleRate);
  if (sampleRate !== undefined && rate === undefined) return undefined;
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=').map((part) => part.trim().toLowerCase());
    if (name !== 'rate') continue;
    if (value === undefined || !/^\d+$/.test(value)) return undefined;
    if (rate !== undefined && rate !== Number(value)) return undefined;
    rate = Number(value);
  }
  if (contentType === PLIVO_MULAW_CONTENT_TYPE && rate === PLIVO_NARROWBAND_SAMPLE_RATE_HZ) {
    return { ...PLIVO_MULAW_8K_FORMAT };
  }
  if (
    contentType === PLIVO_L16_CONTENT_TYPE &&
    (rate === PLIVO_NARROWBAND_SAMPLE_RATE_HZ || rate === PLIVO_WIDEBAND_SAMPLE_RATE_HZ)
  ) {
    return { encoding: 'L16', sampleRate: rate, channels: PLIVO_CHANNELS };
  }
  return undefined;
}

/** True when `format` is one Plivo streams: μ-law 8 kHz or L16 8/16 kHz, mono. */
export function isPlivoMediaFormat(format: MediaFormat): boolean {
  if (format.channels !== PLIVO_CHANNELS) return false;
  if (format.encoding === 'PCMU') return format.sampleRate === PLIVO_NARROWBAND_SAMPLE_RATE_HZ;
  if (format.encoding === 'L16') {
    return (
      format.sampleRate === PLIVO_NARROWBAND_SAMPLE_RATE_HZ ||
      format.sampleRate === PLIVO_WIDEBAND_SAMPLE_RATE_HZ
    );
  }
  return false;
}

/**
 * Checks a media format given to the serializer.
 * @throws RangeError naming the format when Plivo does not stream it.
 */
export function checkPlivoMediaFormat(format: MediaFormat): MediaFormat {
  if (!isPlivoMediaFormat(format)) {
    throw new RangeError(
      `unsupported Plivo media format ${describeMediaFormat(format)}: ` +
        `Plivo streams ${SUPPORTED_PLIVO_FORMATS}, mono`,
    );
  }
  return format;
}

/** `playAudio`'s `contentType` for a (checked) format. */
export function plivoContentType(format: MediaFormat): PlivoContentType {
  return format.encoding === 'PCMU' ? PLIVO_MULAW_CONTENT_TYPE : PLIVO_L16_CONTENT_TYPE;
}

/** `<Stream contentType>` for a (checked) format, e.g. `audio/x-l16;rate=16000`. */
export function plivoStreamContentType(format: MediaFormat): PlivoStreamContentType {
  return `${plivoContentType(format)};rate=${format.sampleRate}` as PlivoStreamContentType;
}

/** e.g. `PCMU at 8000 Hz, 1 channel(s)`, for error messages. */
export function describeMediaFormat(format: MediaFormat): string {
  return `${JSON.stringify(format.encoding)} at ${format.sampleRate} Hz, ${format.channels} channel(s)`;
}
