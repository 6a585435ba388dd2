import {
  type DeserializedFrames,
  type FetchFunction,
  type Frame,
  type InputAudioRawFrame,
  InputDTMFFrame,
  type Logger,
  type MediaFormat,
  MessageRejectedError,
  ProviderErrorFrame,
  type SerializedMessage,
  StreamStartedFrame,
} from '@x/transport-core';
import {
  DEFAULT_HANG_UP_TIMEOUT_MS,
  describeValue,
  encodeBase64,
  sameMediaFormat,
  TelephonyFrameSerializer,
  type TelephonyHangUpOptions,
} from '@x/transport-core/provider-kit';
import { checkTelnyxBotAudioFormat, checkTelnyxCallerAudioFormat } from './telnyx-audio-format.js';
import {
  DEFAULT_TELNYX_API_BASE_URL,
  isTelnyxCallAlreadyEnded,
  TELNYX_HANG_UP_SUCCESS_STATUS,
  telnyxHangUpRequest,
} from './telnyx-hang-up.js';
import {
  DEFAULT_REORDER_WINDOW_FRAMES,
  type MediaOrderStats,
  MediaReorderBuffer,
} from './telnyx-media-order.js';
import {
  parseTelnyxMessage,
  TELNYX_CLEAR_MESSAGE,
  type TelnyxConnectedMessage,
  type TelnyxErrorMessage,
  type TelnyxMediaMessage,
  type TelnyxStartMessage,
  telnyxMarkMessage,
  telnyxMediaMessage,
} from './telnyx-messages.js';
import { OutboundChunkBuffer, wireMillisecondsOf } from './telnyx-outbound-chunks.js';
import { verifyTelnyxStreamAuthToken } from './telnyx-request-verifier.js';

/** The provider name in frames and logs. */
export const TELNYX_PROVIDER_NAME = 'telnyx';

/** Options of `TelnyxFrameSerializer`. */
export interface TelnyxFrameSerializerOptions {
  /** The stream's `stream_id` (top level of the start message). */
  streamId: string;
  /** The call's `call_control_id` (`start.call_control_id`); required when `autoHangUp` is on. */
  callId?: string | undefined;
  /**
   * Caller audio format: what Telnyx sends us, exactly as the start message's `media_format`
   * states it (PCMU, PCMA or L16). Never guessed from what was requested: a transcode may not
   * have happened.
   */
  callerAudioFormat: MediaFormat;
  /**
   * Bot audio format: what we send. It must equal the stream's bidirectional codec and rate
   * (`stream_bidirectional_codec` + `stream_bidirectional_sampling_rate`, TeXML
   * `bidirectionalCodec` + `bidirectionalSamplingRate`); pass the same value to
   * `texmlConnectStream` or `telnyxStreamingParameters` so they cannot disagree. Default: the
   * caller audio format.
   */
  botAudioFormat?: MediaFormat | undefined;
  /** Hang the call up over REST when the transport ends the call (`hangUp()`, once); default true. */
  autoHangUp?: boolean | undefined;
  /** Telnyx API key (v2); required when `autoHangUp` is on. */
  apiKey?: string | undefined;
  /** REST API base URL; default `https://api.telnyx.com` (override for tests). */
  apiBaseUrl?: string | undefined;
  /** `fetch` used for the hang-up; default the global `fetch`. */
  fetch?: FetchFunction | undefined;
  /** Bound on the hang-up request, in milliseconds; default 5000. */
  hangUpTimeoutMs?: number | undefined;
  /**
   * The call's `stream_auth_token`. When set, and the upgrade did not already prove it
   * (`upgradeAuthenticated`), every message is refused until a `connected` message presents it
   * (constant-time check), and no hang-up is sent for a stream that did not: its call id could
   * be anyone's. A `connected` message presenting another token is always refused.
   */
  streamAuthToken?: string | undefined;
  /**
   * The WebSocket upgrade's `x-telnyx-streaming-auth-token` header was already verified (e.g.
   * with `TelnyxRequestVerifier.verifyUpgrade`), so `connected` need not present the token
   * again; default false. Either proof is enough; neither is required twice.
   */
  upgradeAuthenticated?: boolean | undefined;
  /**
   * How many media frames may arrive ahead of a missing one before it is given up (0 turns
   * reordering off; frames are then only counted); default 2, at most 16.
   */
  reorderWindowFrames?: number | undefined;
  /** Logger; default the logger the transport passes to `setup`, else silent. */
  logger?: Logger | undefined;
}

/** Defaults of `TelnyxFrameSerializerOptions`. */
export const DEFAULT_TELNYX_FRAME_SERIALIZER_OPTIONS = Object.freeze({
  autoHangUp: true,
  apiBaseUrl: DEFAULT_TELNYX_API_BASE_URL,
  hangUpTimeoutMs: DEFAULT_HANG_UP_TIMEOUT_MS,
  reorderWindowFrames: DEFAULT_REORDER_WINDOW_FRAMES,
  upgradeAuthenticated: false,
});

/** Counters of inbound media, for logs and tests. */
export interface TelnyxInboundMediaStats extends MediaOrderStats {
  /** Frames of the `outbound` track (what the caller hears), ignored. */
  outboundTrackFrames: number;
}

function missingHangUpSettings(options: TelnyxFrameSerializerOptions): string[] {
  const missing: string[] = [];
  if (!options.callId) missing.push('callId (the call_control_id)');
  if (!options.apiKey) missing.push('apiKey');
  return missing;
}

/**
 * The REST hang-up `hangUp()` sends, or `undefined` with `autoHangUp: false`.
 * @throws when a setting it needs is missing or invalid (named).
 */
function restHangUpOf(options: TelnyxFrameSerializerOptions): TelephonyHangUpOptions | undefined {
  if (!(options.autoHangUp ?? DEFAULT_TELNYX_FRAME_SERIALIZER_OPTIONS.autoHangUp)) return undefined;
  const missing = missingHangUpSettings(options);
  if (missing.length > 0) {
    throw new Error(
      `TelnyxFrameSerializer: autoHangUp is on but ${missing.join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} missing; pass ${missing.length > 1 ? 'them' : 'it'}, or pass autoHangUp: false`,
    );
  }
  return {
    request: telnyxHangUpRequest({
      apiKey: options.apiKey!,
      callControlId: options.callId!,
      apiBaseUrl: options.apiBaseUrl ?? DEFAULT_TELNYX_FRAME_SERIALIZER_OPTIONS.apiBaseUrl,
    }),
    successStatuses: [TELNYX_HANG_UP_SUCCESS_STATUS],
    isAlreadyEnded: isTelnyxCallAlreadyEnded,
    fetch: options.fetch,
  };
}

function checkedBotAudioFormat(options: TelnyxFrameSerializerOptions): MediaFormat {
  try {
    return checkTelnyxBotAudioFormat(options.botAudioFormat ?? options.callerAudioFormat);
  } catch (error) {
    if (options.botAudioFormat !== undefined) throw error;
    throw new RangeError(
      `${(error as Error).message} (botAudioFormat defaults to the caller audio format; ` +
        'pass botAudioFormat with the stream_bidirectional_codec and rate of the call)',
    );
  }
}

function describeFormat(format: MediaFormat): string {
  return `${format.encoding}/${format.sampleRate}`;
}

function errorMessageOf(message: TelnyxErrorMessage): string {
  const parts = [message.title, message.detail].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(': ') : 'Telnyx reported a stream error';
}

/**
 * Converts between frames and Telnyx's bidirectional media stream in RTP mode.
 *
 * Inbound: `connected` (auth token checked when configured), `start` (`StreamStartedFrame`),
 * `media` of the caller track (decoded with the start message's format, put back in chunk
 * order within a small window, resampled to the pipeline rate), `dtmf`, `mark`
 * (`PlaybackMarkPlayedFrame`, `cleared` when a clear returned it), `error`
 * (`ProviderErrorFrame`) and `stop` (`StreamStoppedFrame`). Anything else is refused with a
 * `MessageRejectedError`.
 *
 * Outbound: audio in the bot audio format as `media` chunks of at least 20 ms, interruption as
 * `clear`, `PlaybackMarkFrame` as `mark`; `hangUp()` (called by the transport at the end of the
 * call) sends one REST hang-up. DTMF and transport messages cannot be sent over a Telnyx stream:
 * they are dropped with a warning (logged once).
 */
export class TelnyxFrameSerializer extends TelephonyFrameSerializer {
  readonly #callId: string | undefined;
  readonly #streamAuthToken: string | undefined;
  readonly #upgradeAuthenticated: boolean;
  readonly #reorder: MediaReorderBuffer<CallerMedia>;
  readonly #outboundChunks: OutboundChunkBuffer;
  readonly #released: CallerMedia[] = [];
  #outboundTrackFrames = 0;
  /**
   * True once the stream proved its token: by the verified upgrade, or by a `connected` message
   * presenting it (always true when no token is set). A wrong token makes it false for good.
   */
  #authorized: boolean;
  /** A `connected` message presented a wrong token (or none, without upgrade proof). */
  #tokenRefused = false;

  /**
   * @throws Error naming each missing setting when `autoHangUp` is on without `callId` or
   * `apiKey`; RangeError for an unsupported caller or bot audio format or a bad option value.
   */
  constructor(options: TelnyxFrameSerializerOptions) {
    if (typeof options.streamId !== 'string' || options.streamId.length === 0) {
      throw new Error('TelnyxFrameSerializer needs streamId (the start message\'s "stream_id")');
    }
    const callerAudioFormat = checkTelnyxCallerAudioFormat(options.callerAudioFormat);
    const botAudioFormat = checkedBotAudioFormat(options);
    super({
      provider: TELNYX_PROVIDER_NAME,
      streamId: options.streamId,
      callerAudioFormat,
      botAudioFormat,
      clearedMarkReporting: 'echo-each-mark',
      hangUp: restHangUpOf(options),
      hangUpTimeoutMs: options.hangUpTimeoutMs,
      logger: options.logger,
    });
    this.#callId = options.callId || undefined;
    this.#streamAuthToken = options.streamAuthToken || undefined;
    this.#upgradeAuthenticated =
      options.upgradeAuthenticated ?? DEFAULT_TELNYX_FRAME_SERIALIZER_OPTIONS.upgradeAuthenticated;
    this.#authorized = this.#streamAuthToken === undefined || this.#upgradeAuthenticated;
    this.#reorder = new MediaReorderBuffer(
      options.reorderWindowFrames ?? DEFAULT_TELNYX_FRAME_SERIALIZER_OPTIONS.reorderWindowFrames,
    );
    this.#outboundChunks = new OutboundChunkBuffer(this.botAudioFormat);
  }

  /** Counters of inbound media: order problems fixed or dropped, ignored outbound track. */
  get inboundMediaStats(): Readonly<TelnyxInboundMediaStats> {
    return { ...this.#reorder.stats, outboundTrackFrames: this.#outboundTrackFrames };
  }

  protected override deserializeMessage(data: string | Uint8Array): DeserializedFrames {
    const message = parseTelnyxMessage(data);
    if (message.event === 'connected') {
      this.#checkStreamAuthToken(message);
      return undefined;
    }
    if (!this.#authorized) {
      throw new MessageRejectedError(
        'unauthorized',
        `"${message.event}" refused: no connected message has presented the stream auth token`,
      );
    }
    if (message.streamId !== undefined && message.streamId !== this.streamId) {
      throw new MessageRejectedError(
        'stream-mismatch',
        `"stream_id" ${describeValue(message.streamId)} is not this stream's (${describeValue(this.streamId)})`,
      );
    }
    switch (message.event) {
      case 'start':
        return this.#onStart(message);
      case 'media':
        return this.#onMedia(message);
      case 'dtmf':
        return new InputDTMFFrame(message.digit);
      case 'mark':
        return this.markAnswered(message.name);
      case 'error':
        return new ProviderErrorFrame(TELNYX_PROVIDER_NAME, errorMessageOf(message), message.code);
      case 'stop':
        return this.#onStop();
    }
  }

  protected override audioMessage(payload: Uint8Array): SerializedMessage | undefined {
    const chunk = this.#outboundChunks.take(payload);
    if (chunk === undefined) return undefined;
    if (chunk.byteLength > this.#outboundChunks.maximumChunkBytes) {
      this.errorOnce(
        'chunk-too-long',
        `an audio chunk of ${Math.round(wireMillisecondsOf(this.botAudioFormat, chunk.byteLength))} ms ` +
          'is longer than the 30 s Telnyx accepts: dropped (let the transport chunk the audio)',
      );
      return undefined;
    }
    return telnyxMediaMessage(encodeBase64(chunk));
  }

  protected override clearMessage(): SerializedMessage {
    this.#outboundChunks.clear();
    return TELNYX_CLEAR_MESSAGE;
  }

  protected override markMessage(name: string): SerializedMessage {
    return telnyxMarkMessage(name);
  }

  protected override dtmfMessage(): undefined {
    this.warnOnce(
      'dtmf',
      'Telnyx media streams cannot send DTMF; use the Call Control send_dtmf command instead',
    );
    return undefined;
  }

  protected override transportMessage(): undefined {
    this.warnOnce(
      'transport-message',
      'Telnyx media streams accept only media, mark and clear messages; transport messages are not sent',
    );
    return undefined;
  }

  protected override hangUpRefusal(): string | undefined {
    return this.#authorized
      ? undefined
      : 'the stream did not present its auth token, so the call it claims may not be its own';
  }

  #checkStreamAuthToken(message: TelnyxConnectedMessage): void {
    const expected = this.#streamAuthToken;
    if (expected === undefined) return;
    // The upgrade already proved the token: a connected message without one is fine.
    if (this.#upgradeAuthenticated && message.streamAuthToken === undefined) return;
    const result = verifyTelnyxStreamAuthToken(expected, message.streamAuthToken);
    if (!result.ok) {
      // A wrong or missing token contradicts whatever proof came before: fail closed, for good.
      this.#tokenRefused = true;
      this.#authorized = false;
      throw new MessageRejectedError('unauthorized', `connected message refused: ${result.reason}`);
    }
    if (this.#tokenRefused) {
      throw new MessageRejectedError(
        'unauthorized',
        'connected message refused: an earlier one presented a wrong stream auth token',
      );
    }
    this.#authorized = true;
  }

  #onStart(message: TelnyxStartMessage): Frame {
    if (!sameMediaFormat(message.mediaFormat, this.callerAudioFormat)) {
      throw new MessageRejectedError(
        'stream-mismatch',
        `start "media_format" ${describeFormat(message.mediaFormat)} differs from the caller audio ` +
          `format this serializer was built with (${describeFormat(this.callerAudioFormat)})`,
      );
    }
    if (this.#callId !== undefined && message.callControlId !== this.#callId) {
      throw new MessageRejectedError(
        'stream-mismatch',
        `"start.call_control_id" ${describeValue(message.callControlId)} is not this call's`,
      );
    }
    this.#reorder.reset();
    return new StreamStartedFrame(
      TELNYX_PROVIDER_NAME,
      message.streamId,
      message.callControlId,
      message.customParameters,
    );
  }

  #onMedia(message: TelnyxMediaMessage): DeserializedFrames {
    if (message.track !== 'inbound') {
      this.#outboundTrackFrames++;
      return undefined;
    }
    this.checkSetUp();
    const payload = this.decodePayload(message.payload);
    const released = this.#released;
    released.length = 0;
    this.#reorder.push(message.chunk, { payload, chunk: message.chunk }, released);
    if (released.length === 1) return this.#decodeMedia(released[0]!);
    const frames = this.#audioFrames(released);
    return frames.length > 0 ? frames : undefined;
  }

  /**
   * Decodes caller audio in its place. Telnyx documents `media.chunk` as the frames' order, so
   * the frame carries it and chunks given up as missing become silence in the input; what Telnyx
   * means by `media.timestamp` is not documented, so it is not used.
   */
  #decodeMedia(media: CallerMedia): InputAudioRawFrame | undefined {
    return this.decodeAudio(media.payload, undefined, media.chunk);
  }

  #audioFrames(media: readonly CallerMedia[]): Frame[] {
    const frames: Frame[] = [];
    for (const item of media) {
      const frame = this.#decodeMedia(item);
      if (frame) frames.push(frame);
    }
    return frames;
  }

  /** Audio still held for reordering (media is only buffered once set up), then the stop. */
  #onStop(): DeserializedFrames {
    const released = this.#released;
    released.length = 0;
    this.#reorder.drain(released);
    const stopped = this.providerStopped('telnyx stop');
    if (released.length === 0) return stopped;
    const frames = this.#audioFrames(released);
    frames.push(stopped);
    return frames;
  }
}

/** Caller audio held for reordering: the decoded payload and its chunk number. */
interface CallerMedia {
  readonly payload: Uint8Array;
  readonly chunk: number | undefined;
}
