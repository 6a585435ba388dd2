import {
  type DeserializedFrames,
  type FetchFunction,
  type Frame,
  InputDTMFFrame,
  type Logger,
  type MediaFormat,
  MessageRejectedError,
  PlaybackClearedFrame,
  PlaybackMarkPlayedFrame,
  ProviderErrorFrame,
  type SerializedMessage,
  StreamStartedFrame,
} from '@x/transport-core';
import {
  DEFAULT_HANG_UP_TIMEOUT_MS,
  describeValue,
  encodeBase64,
  TelephonyFrameSerializer,
  type TelephonyHangUpOptions,
} from '@x/transport-core/provider-kit';
import {
  checkPlivoCallId,
  DEFAULT_PLIVO_API_BASE_URL,
  isPlivoCallAlreadyEnded,
  PLIVO_HANG_UP_SUCCESS_STATUSES,
  plivoHangUpRequest,
} from './plivo-hang-up.js';
import {
  checkPlivoMediaFormat,
  describeMediaFormat,
  plivoContentType,
} from './plivo-media-format.js';
import {
  PLIVO_OUTBOUND_EVENTS,
  type PlivoInboundMessage,
  type PlivoStartMessage,
  parsePlivoMessage,
} from './plivo-messages.js';

/** Provider name used in frames and logs. */
export const PLIVO_PROVIDER_NAME = 'plivo';

/** Options of `PlivoFrameSerializer`. */
export interface PlivoFrameSerializerOptions {
  /** The stream id (`start.streamId`): checkpoints and `clearAudio` name it. Required. */
  streamId: string;
  /** The call UUID (`start.callId`), used by the REST hang-up; required when `autoHangUp`. */
  callId?: string;
  /** The stream's media format, from the start message (`PlivoCallData.mediaFormat`). Required. */
  mediaFormat: MediaFormat;
  /** Hang the call up over REST when the transport ends the call (`hangUp()`, once); default `true`. */
  autoHangUp?: boolean;
  /** Plivo Auth ID (`MA…`/`SA…`); required when `autoHangUp`. */
  authId?: string;
  /** Plivo Auth Token; required when `autoHangUp`. */
  authToken?: string;
  /** REST API base URL; default `https://api.plivo.com` (override for tests or a proxy). */
  apiBaseUrl?: string;
  /** `fetch` used for the hang-up; default the global `fetch`. */
  fetch?: FetchFunction;
  /** Bound on the hang-up request, in milliseconds; default 5000. */
  hangUpTimeoutMs?: number;
  /** Logger; default the transport's logger from `setup()`, else silent. */
  logger?: Logger;
}

/** Defaults of the optional `PlivoFrameSerializerOptions` fields. */
export const DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS = Object.freeze({
  autoHangUp: true,
  apiBaseUrl: DEFAULT_PLIVO_API_BASE_URL,
  hangUpTimeoutMs: DEFAULT_HANG_UP_TIMEOUT_MS,
});

const PLAY_AUDIO_SUFFIX = '"}}';
const OUTBOUND_EVENTS: ReadonlySet<string> = new Set(PLIVO_OUTBOUND_EVENTS);

function checkOptions(options: PlivoFrameSerializerOptions): void {
  if (typeof options.streamId !== 'string' || options.streamId.length === 0) {
    throw new RangeError('PlivoFrameSerializer needs a non-empty streamId (start.streamId)');
  }
  if (!options.mediaFormat) {
    throw new RangeError(
      'PlivoFrameSerializer needs the mediaFormat of the start message (start.mediaFormat)',
    );
  }
  checkPlivoMediaFormat(options.mediaFormat);
  if (options.autoHangUp === false) return;
  const missing: string[] = [];
  if (!options.callId || options.callId.trim().length === 0) missing.push('callId');
  if (!options.authId) missing.push('authId');
  if (!options.authToken) missing.push('authToken');
  if (missing.length > 0) {
    throw new RangeError(
      `PlivoFrameSerializer: autoHangUp is enabled but ${missing.join(', ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} missing (empty strings count as missing); ` +
        'pass them, or pass autoHangUp: false',
    );
  }
  checkPlivoCallId(options.callId);
}

/**
 * The REST hang-up `hangUp()` sends, or `undefined` with `autoHangUp: false`.
 * @throws when a setting it needs is missing or invalid (named).
 */
function restHangUpOf(options: PlivoFrameSerializerOptions): TelephonyHangUpOptions | undefined {
  if (!(options.autoHangUp ?? DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS.autoHangUp)) return undefined;
  return {
    request: plivoHangUpRequest({
      authId: options.authId ?? '',
      authToken: options.authToken ?? '',
      callId: options.callId ?? '',
      apiBaseUrl: options.apiBaseUrl ?? DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS.apiBaseUrl,
    }),
    successStatuses: PLIVO_HANG_UP_SUCCESS_STATUSES,
    isAlreadyEnded: isPlivoCallAlreadyEnded,
    fetch: options.fetch,
  };
}

/** `{"event":"playAudio","media":{"contentType":…,"sampleRate":…,"payload":"` for a format. */
function playAudioPrefixOf(format: MediaFormat): string {
  const media = JSON.stringify({
    contentType: plivoContentType(format),
    sampleRate: format.sampleRate,
  });
  // base64 needs no JSON escaping, so each message is this prefix, the payload and a fixed suffix.
  return `{"event":"playAudio","media":${media.slice(0, -1)},"payload":"`;
}

/**
 * Converts frames to and from Plivo's bidirectional audio stream protocol.
 *
 * Inbound: `start` → `StreamStartedFrame`; `media` (inbound track) → `InputAudioRawFrame` at the
 * pipeline's input rate; `dtmf` → `InputDTMFFrame`; `playedStream`/`played` →
 * `PlaybackMarkPlayedFrame`; `clearedAudio` → `PlaybackMarkPlayedFrame(name, cleared=true)` for
 * each checkpoint the clear dropped, then `PlaybackClearedFrame`; `stop` →
 * `StreamStoppedFrame`; `error`/`playFailed` → `ProviderErrorFrame`. Anything else is rejected
 * with a `MessageRejectedError`.
 *
 * Outbound: audio → `playAudio` in the stream's format; `InterruptionFrame` → `clearAudio`;
 * `PlaybackMarkFrame` → `checkpoint`; `OutputDTMFFrame`/`OutputDTMFUrgentFrame` → `sendDTMF`;
 * transport messages only when they are one of those four Plivo events; `hangUp()` (called by
 * the transport at the end of the call) → REST hang-up (once).
 */
export class PlivoFrameSerializer extends TelephonyFrameSerializer {
  readonly #callId: string | undefined;
  readonly #clearAudioMessage: string;
  #playAudioPrefix: string;

  /**
   * @throws RangeError when `streamId` or `mediaFormat` is missing, when the media format is
   * not one Plivo streams, or when `autoHangUp` is on and `callId`, `authId` or `authToken` is
   * missing (each is named).
   */
  constructor(options: PlivoFrameSerializerOptions) {
    checkOptions(options);
    super({
      provider: PLIVO_PROVIDER_NAME,
      streamId: options.streamId,
      callerAudioFormat: options.mediaFormat,
      clearedMarkReporting: 'confirm-clear',
      hangUp: restHangUpOf(options),
      hangUpTimeoutMs: options.hangUpTimeoutMs,
      logger: options.logger,
    });
    this.#callId = options.callId;
    this.#playAudioPrefix = playAudioPrefixOf(this.callerAudioFormat);
    this.#clearAudioMessage = JSON.stringify({ event: 'clearAudio', streamId: this.streamId });
  }

  /** The stream's media format (from the options, or a later start message). */
  get mediaFormat(): Readonly<MediaFormat> {
    return this.callerAudioFormat;
  }

  protected override deserializeMessage(data: string | Uint8Array): DeserializedFrames {
    const message = parsePlivoMessage(data);
    if (message.streamId !== undefined && message.streamId !== this.streamId) {
      throw new MessageRejectedError(
        'stream-mismatch',
        `"streamId" ${describeValue(message.streamId)} is not this stream's ` +
          describeValue(this.streamId),
      );
    }
    return this.#framesOf(message);
  }

  protected override audioMessage(payload: Uint8Array): SerializedMessage {
    return this.#playAudioPrefix + encodeBase64(payload) + PLAY_AUDIO_SUFFIX;
  }

  protected override clearMessage(): SerializedMessage {
    return this.#clearAudioMessage;
  }

  protected override markMessage(name: string): SerializedMessage {
    return JSON.stringify({ event: 'checkpoint', streamId: this.streamId, name });
  }

  /** Plivo plays DTMF keys itself (`sendDTMF`). */
  override get sendsDtmf(): boolean {
    return true;
  }

  protected override dtmfMessage(digits: string): SerializedMessage {
    return JSON.stringify({ event: 'sendDTMF', dtmf: digits });
  }

  protected override transportMessage(message: unknown): SerializedMessage | undefined {
    const event =
      message !== null && typeof message === 'object' && !Array.isArray(message)
        ? (message as { event?: unknown }).event
        : undefined;
    if (typeof event === 'string' && OUTBOUND_EVENTS.has(event)) return JSON.stringify(message);
    this.warnOnce(
      'transport-message',
      'transport message dropped: Plivo accepts only playAudio, checkpoint, clearAudio and sendDTMF',
    );
    return undefined;
  }

  #framesOf(message: PlivoInboundMessage): DeserializedFrames {
    switch (message.event) {
      case 'media':
        return this.#deserializeAudio(message.track, message.payload, message.chunk);
      case 'start':
        return this.#deserializeStart(message);
      case 'dtmf':
        return new InputDTMFFrame(message.digit);
      case 'playedStream':
      case 'played':
        return this.markAnswered(message.name);
      case 'clearedAudio': {
        const frames: Frame[] = this.playbackMarks
          .clearConfirmed()
          .map((name) => new PlaybackMarkPlayedFrame(name, true));
        frames.push(new PlaybackClearedFrame());
        return frames;
      }
      case 'stop':
        return this.providerStopped(message.reason);
      case 'error':
        return new ProviderErrorFrame(
          PLIVO_PROVIDER_NAME,
          message.reason ?? 'stream error',
          message.code,
        );
      case 'playFailed':
        return new ProviderErrorFrame(
          PLIVO_PROVIDER_NAME,
          `playFailed: ${message.reason ?? 'playback failed'}`,
          message.code ?? 'playFailed',
        );
    }
  }

  /**
   * Caller audio, carrying its chunk number so lost chunks become silence in the input. Plivo's
   * docs disagree on what `media.timestamp` counts (Unix time or time since the stream's start),
   * so it is not used.
   */
  #deserializeAudio(track: string, payload: string, chunk: number | undefined): DeserializedFrames {
    if (track !== 'inbound') return undefined;
    const bytes = this.decodePayload(payload);
    if (bytes.length === 0) return undefined;
    return this.decodeAudio(bytes, undefined, chunk);
  }

  #deserializeStart(message: PlivoStartMessage): StreamStartedFrame {
    if (this.#callId !== undefined && message.callId !== this.#callId) {
      throw new MessageRejectedError(
        'stream-mismatch',
        `"start.callId" ${describeValue(message.callId)} is not this call's ` +
          describeValue(this.#callId),
      );
    }
    const format = message.mediaFormat;
    const current = this.callerAudioFormat;
    if (format.encoding !== current.encoding || format.sampleRate !== current.sampleRate) {
      // The start message is the truth about the stream: follow it, and say so.
      this.logger.warn(
        { configured: describeMediaFormat(current), started: describeMediaFormat(format) },
        'Plivo start message names another media format than the serializer options; using it',
      );
      this.switchAudioFormats(format);
      this.#playAudioPrefix = playAudioPrefixOf(format);
    }
    return new StreamStartedFrame(
      PLIVO_PROVIDER_NAME,
      message.streamId,
      message.callId,
      message.customParameters,
    );
  }
}
