import type { MediaFormat } from '@x/transport-core';
import {
  checkTelnyxBotAudioFormat,
  TELNYX_DEFAULT_BOT_AUDIO_FORMAT,
} from './telnyx-audio-format.js';
import {
  checkStreamUrl,
  DEFAULT_TELNYX_STREAM_TRACK,
  type TelnyxCallerCodecRequest,
  type TelnyxStreamTrack,
} from './telnyx-markup.js';

/** Longest `stream_auth_token` Telnyx accepts, in characters. */
export const MAX_TELNYX_STREAM_AUTH_TOKEN_LENGTH = 4000;

/** Options of `telnyxStreamingParameters`. */
export interface TelnyxStreamingParametersOptions {
  /** Public `wss://` URL of the WebSocket endpoint (`stream_url`). */
  streamUrl: string;
  /**
   * Bot audio format: what the serializer sends (`stream_bidirectional_codec` and
   * `stream_bidirectional_sampling_rate`). Pass the same value to the serializer. Default PCMU
   * at 8000 Hz.
   */
  botAudioFormat?: MediaFormat | undefined;
  /** Codec requested for the caller audio (`stream_codec`); default unset: the call's codec. */
  callerCodec?: TelnyxCallerCodecRequest | undefined;
  /** Which track to stream (`stream_track`); default `inbound_track`. */
  track?: TelnyxStreamTrack | undefined;
  /** Which legs hear the bot (`stream_bidirectional_target_legs`); Telnyx's default `opposite`. */
  targetLegs?: 'both' | 'self' | 'opposite' | undefined;
  /** Shared secret sent back on the WebSocket (`stream_auth_token`), at most 4000 characters. */
  streamAuthToken?: string | undefined;
  /** Custom parameters, delivered in the start message (`custom_parameters`). */
  customParameters?: Readonly<Record<string, string>> | undefined;
}

/** The streaming fields of a Call Control `answer`, `dial` or `streaming_start` request. */
export interface TelnyxStreamingParameters {
  stream_url: string;
  stream_track: TelnyxStreamTrack;
  stream_codec?: TelnyxCallerCodecRequest;
  stream_bidirectional_mode: 'rtp';
  stream_bidirectional_codec: MediaFormat['encoding'];
  stream_bidirectional_sampling_rate: number;
  stream_bidirectional_target_legs?: 'both' | 'self' | 'opposite';
  stream_auth_token?: string;
  custom_parameters?: { name: string; value: string }[];
}

/**
 * The Call Control fields that start a bidirectional stream in RTP mode, with the bot audio
 * format written as the bidirectional codec and rate, so the serializer built with the same
 * `botAudioFormat` sends exactly what Telnyx expects. Merge them into the request body.
 * @throws RangeError for a URL that is not `wss://`, an unsupported bot audio format or a token
 * longer than 4000 characters.
 */
export function telnyxStreamingParameters(
  options: TelnyxStreamingParametersOptions,
): TelnyxStreamingParameters {
  const bot = checkTelnyxBotAudioFormat(options.botAudioFormat ?? TELNYX_DEFAULT_BOT_AUDIO_FORMAT);
  const token = options.streamAuthToken;
  if (
    token !== undefined &&
    (token.length === 0 || token.length > MAX_TELNYX_STREAM_AUTH_TOKEN_LENGTH)
  ) {
    throw new RangeError(
      `streamAuthToken must have 1 to ${MAX_TELNYX_STREAM_AUTH_TOKEN_LENGTH} characters, got ${token.length}`,
    );
  }
  const custom = Object.entries(options.customParameters ?? {});
  // Built in the order of Telnyx's documented example.
  const parameters: TelnyxStreamingParameters = {
    stream_url: checkStreamUrl(options.streamUrl),
    stream_track: options.track ?? DEFAULT_TELNYX_STREAM_TRACK,
    ...(options.callerCodec !== undefined && { stream_codec: options.callerCodec }),
    stream_bidirectional_mode: 'rtp',
    stream_bidirectional_codec: bot.encoding,
    stream_bidirectional_sampling_rate: bot.sampleRate,
    ...(options.targetLegs !== undefined && {
      stream_bidirectional_target_legs: options.targetLegs,
    }),
    ...(token !== undefined && { stream_auth_token: token }),
    ...(custom.length > 0 && {
      custom_parameters: custom.map(([name, value]) => ({ name, value })),
    }),
  };
  return parameters;
}
