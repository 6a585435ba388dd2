import { type AudioEncoding, type MediaFormat, MessageRejectedError } from '@x/transport-core';
import { describeValue, type ProviderMessage } from '@x/transport-core/provider-kit';

/** Codecs Telnyx can stream (`stream_codec`, `stream_bidirectional_codec`, TeXML `codec`). */
export const TELNYX_CODECS = ['PCMU', 'PCMA', 'G722', 'OPUS', 'AMR-WB', 'L16'] as const;

/** A codec name as Telnyx spells it. */
export type TelnyxCodec = (typeof TELNYX_CODECS)[number];

/** The codecs this package decodes and encodes; the others are refused at start. */
export const TELNYX_SUPPORTED_ENCODINGS: readonly AudioEncoding[] = ['PCMU', 'PCMA', 'L16'];

/** Rates Telnyx accepts for `stream_bidirectional_sampling_rate`, in Hz. */
export const TELNYX_BIDIRECTIONAL_SAMPLE_RATES = [8000, 16000, 22050, 24000, 48000] as const;

/** The G.711 rate, in Hz: PCMU and PCMA always run at it. */
export const G711_SAMPLE_RATE_HZ = 8000;

/**
 * Telnyx's own default for what it expects back (`stream_bidirectional_codec` PCMU,
 * `stream_bidirectional_sampling_rate` 8000): the bot audio format of `telnyxProvider`, of
 * `texmlConnectStream` and of `telnyxStreamingParameters` when none is given.
 */
export const TELNYX_DEFAULT_BOT_AUDIO_FORMAT: Readonly<MediaFormat> = Object.freeze({
  encoding: 'PCMU',
  sampleRate: G711_SAMPLE_RATE_HZ,
  channels: 1,
});

/** Lowest and highest caller audio rates accepted from a start message, in Hz. */
const MIN_STREAM_SAMPLE_RATE_HZ = 8000;
const MAX_STREAM_SAMPLE_RATE_HZ = 48000;

/**
 * Older Telnyx docs showed MIME-style names in `media_format.encoding`. They name the same
 * codecs, so they are accepted as aliases (matched case-insensitively, parameters after `;`
 * ignored): the sample rate always comes from `media_format.sample_rate`.
 */
const ENCODING_ALIASES: Readonly<Record<string, TelnyxCodec>> = {
  pcmu: 'PCMU',
  'audio/x-mulaw': 'PCMU',
  'audio/mulaw': 'PCMU',
  'audio/pcmu': 'PCMU',
  pcma: 'PCMA',
  'audio/x-alaw': 'PCMA',
  'audio/alaw': 'PCMA',
  'audio/pcma': 'PCMA',
  l16: 'L16',
  'audio/l16': 'L16',
  'audio/x-l16': 'L16',
  g722: 'G722',
  'audio/g722': 'G722',
  opus: 'OPUS',
  'audio/opus': 'OPUS',
  'amr-wb': 'AMR-WB',
  'audio/amr-wb': 'AMR-WB',
};

/**
 * The codec named by a `media_format.encoding` value: a Telnyx name (`PCMU`) or a legacy
 * MIME-style alias (`audio/x-mulaw`), case-insensitively; `undefined` when it names none.
 */
export function telnyxCodecOf(encoding: string): TelnyxCodec | undefined {
  const base = encoding.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return ENCODING_ALIASES[base];
}

function isSupportedEncoding(codec: TelnyxCodec): codec is AudioEncoding {
  return (TELNYX_SUPPORTED_ENCODINGS as readonly string[]).includes(codec);
}

function unsupportedCodecReason(encoding: string, codec: TelnyxCodec | undefined): string {
  const named = codec && codec !== encoding ? `"${encoding}" (${codec})` : `"${encoding}"`;
  return (
    `Telnyx stream codec ${named} is not supported: use PCMU, PCMA or L16 ` +
    '(set stream_codec, or the TeXML <Stream codec> attribute)'
  );
}

function sampleRateOf(mediaFormat: ProviderMessage, codec: AudioEncoding): number {
  const value = mediaFormat.sample_rate;
  if (value === undefined && codec !== 'L16') return G711_SAMPLE_RATE_HZ;
  const rate = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (
    typeof rate !== 'number' ||
    !Number.isInteger(rate) ||
    rate < MIN_STREAM_SAMPLE_RATE_HZ ||
    rate > MAX_STREAM_SAMPLE_RATE_HZ
  ) {
    throw new MessageRejectedError(
      'invalid-message',
      `"media_format.sample_rate" must be an integer from ${MIN_STREAM_SAMPLE_RATE_HZ} to ` +
        `${MAX_STREAM_SAMPLE_RATE_HZ} Hz, got ${describeValue(value)}`,
    );
  }
  return rate;
}

function channelsOf(mediaFormat: ProviderMessage): number {
  const value = mediaFormat.channels;
  if (value === undefined || value === 1 || value === '1') return 1;
  throw new MessageRejectedError(
    'unsupported-codec',
    `"media_format.channels" must be 1 (mono), got ${describeValue(value)}`,
  );
}

/**
 * Reads the caller audio format from a start message's `media_format`
 * (`{ encoding, sample_rate, channels }`).
 * @throws MessageRejectedError `unsupported-codec` naming the codec for G722, OPUS, AMR-WB,
 * unknown codecs and multi-channel audio; `invalid-message` for a missing or bad field.
 */
export function parseTelnyxMediaFormat(mediaFormat: ProviderMessage): MediaFormat {
  const encoding = mediaFormat.encoding;
  if (typeof encoding !== 'string' || encoding.length === 0) {
    throw new MessageRejectedError(
      'invalid-message',
      '"media_format.encoding" must be a non-empty string',
    );
  }
  const codec = telnyxCodecOf(encoding);
  if (codec === undefined || !isSupportedEncoding(codec)) {
    throw new MessageRejectedError('unsupported-codec', unsupportedCodecReason(encoding, codec));
  }
  return {
    encoding: codec,
    sampleRate: sampleRateOf(mediaFormat, codec),
    channels: channelsOf(mediaFormat),
  };
}

/**
 * Checks the bot audio format: what we send, which must equal the call's
 * `stream_bidirectional_codec` and `stream_bidirectional_sampling_rate`.
 * @throws RangeError naming the bad value: an encoding other than PCMU, PCMA or L16, G.711 at a
 * rate other than 8000 Hz, L16 at a rate Telnyx does not offer, or more than one channel.
 */
export function checkTelnyxBotAudioFormat(format: MediaFormat): MediaFormat {
  const encoding: string = format.encoding;
  if (!(TELNYX_SUPPORTED_ENCODINGS as readonly string[]).includes(encoding)) {
    throw new RangeError(
      `bot audio encoding "${encoding}" is not supported: use PCMU, PCMA or L16`,
    );
  }
  if (format.encoding !== 'L16' && format.sampleRate !== G711_SAMPLE_RATE_HZ) {
    throw new RangeError(
      `bot audio ${format.encoding} must be at ${G711_SAMPLE_RATE_HZ} Hz, got ${format.sampleRate}`,
    );
  }
  if (
    format.encoding === 'L16' &&
    !(TELNYX_BIDIRECTIONAL_SAMPLE_RATES as readonly number[]).includes(format.sampleRate)
  ) {
    throw new RangeError(
      `bot audio L16 rate ${format.sampleRate} Hz is not one Telnyx offers: use ` +
        TELNYX_BIDIRECTIONAL_SAMPLE_RATES.join(', '),
    );
  }
  if (format.channels !== 1) {
    throw new RangeError(`bot audio must be mono, got ${format.channels} channels`);
  }
  return format;
}

/**
 * Checks a caller audio format given to the serializer (normally read from the start message).
 * @throws RangeError naming the bad value.
 */
export function checkTelnyxCallerAudioFormat(format: MediaFormat): MediaFormat {
  const encoding: string = format.encoding;
  if (!(TELNYX_SUPPORTED_ENCODINGS as readonly string[]).includes(encoding)) {
    throw new RangeError(unsupportedCodecReason(encoding, telnyxCodecOf(encoding)));
  }
  if (
    !Number.isInteger(format.sampleRate) ||
    format.sampleRate < MIN_STREAM_SAMPLE_RATE_HZ ||
    format.sampleRate > MAX_STREAM_SAMPLE_RATE_HZ
  ) {
    throw new RangeError(`caller audio rate must be 8000 to 48000 Hz, got ${format.sampleRate}`);
  }
  if (format.channels !== 1) {
    throw new RangeError(`caller audio must be mono, got ${format.channels} channels`);
  }
  return format;
}

/** True when two formats describe the same audio (core's `sameMediaFormat`). */
export { sameMediaFormat } from '@x/transport-core/provider-kit';
