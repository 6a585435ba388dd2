import {
  CallHangUp,
  CancelFrame,
  DEFAULT_HANG_UP_TIMEOUT_MS,
  type DeserializedFrames,
  decodeBase64Payload,
  describeValue,
  downmixToMono,
  EndFrame,
  encodeBase64,
  type FetchFunction,
  type Frame,
  type FrameSerializer,
  type FrameSerializerSetup,
  type HangUpOutcome,
  InputDTMFFrame,
  InterruptionFrame,
  isMessageRejectedError,
  type Logger,
  type MediaFormat,
  MessageRejectedError,
  OutputAudioRawFrame,
  OutputDTMFFrame,
  OutputDTMFUrgentFrame,
  OutputTransportMessageFrame,
  OutputTransportMessageUrgentFrame,
  PlaybackClearedFrame,
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  ProviderErrorFrame,
  type SerializedMessage,
  StreamStartedFrame,
  StreamStoppedFrame,
  silentLogger,
  TelephonyAudioCodec,
} from '@x/transport-core';
import { PlivoCheckpointTracker } from './plivo-checkpoints.js';
import {
  checkPlivoCallId,
  isPlivoCallAlreadyEnded,
  PLIVO_API_BASE_URL,
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
  /** Hang the call up over REST on `EndFrame` / `CancelFrame`; default `true`. */
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
  apiBaseUrl: PLIVO_API_BASE_URL,
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
  const timeoutMs = options.hangUpTimeoutMs;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(
      `hangUpTimeoutMs must be a positive number of milliseconds, got ${timeoutMs}`,
    );
  }
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
 * transport messages only when they are one of those four Plivo events; `EndFrame`/`CancelFrame`
 * → REST hang-up (once).
 */
export class PlivoFrameSerializer implements FrameSerializer {
  readonly name = PLIVO_PROVIDER_NAME;
  readonly #streamId: string;
  readonly #callId: string | undefined;
  readonly #autoHangUp: boolean;
  readonly #authId: string;
  readonly #authToken: string;
  readonly #apiBaseUrl: string;
  readonly #fetch: FetchFunction | undefined;
  readonly #hangUpTimeoutMs: number;
  readonly #optionsLogger: Logger | undefined;
  readonly #checkpoints = new PlivoCheckpointTracker();
  readonly #clearAudioMessage: string;
  readonly #warned = new Set<string>();
  #logger: Logger;
  #mediaFormat: MediaFormat;
  #audioInSampleRate: number;
  #codec: TelephonyAudioCodec;
  #playAudioPrefix: string;
  #stopped = false;
  #hangUpAttempt: Promise<HangUpOutcome> | undefined;
  #hangUpOutcome: HangUpOutcome | undefined;

  /**
   * @throws RangeError when `streamId` or `mediaFormat` is missing, when the media format is
   * not one Plivo streams, or when `autoHangUp` is on and `callId`, `authId` or `authToken` is
   * missing (each is named).
   */
  constructor(options: PlivoFrameSerializerOptions) {
    checkOptions(options);
    this.#streamId = options.streamId;
    this.#callId = options.callId;
    this.#autoHangUp = options.autoHangUp ?? DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS.autoHangUp;
    this.#authId = options.authId ?? '';
    this.#authToken = options.authToken ?? '';
    this.#apiBaseUrl = options.apiBaseUrl ?? DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS.apiBaseUrl;
    this.#fetch = options.fetch;
    this.#hangUpTimeoutMs =
      options.hangUpTimeoutMs ?? DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS.hangUpTimeoutMs;
    this.#optionsLogger = options.logger;
    this.#logger = options.logger ?? silentLogger;
    this.#mediaFormat = { ...options.mediaFormat };
    this.#audioInSampleRate = this.#mediaFormat.sampleRate;
    this.#codec = this.#createCodec();
    this.#playAudioPrefix = this.#createPlayAudioPrefix();
    this.#clearAudioMessage = JSON.stringify({ event: 'clearAudio', streamId: this.#streamId });
  }

  /** The stream id this serializer speaks for. */
  get streamId(): string {
    return this.#streamId;
  }

  /** The stream's media format (from the options, or a later start message). */
  get mediaFormat(): Readonly<MediaFormat> {
    return this.#mediaFormat;
  }

  /**
   * Outcome of the REST hang-up once it has settled: `hung-up`, `already-ended`, `failed`,
   * `timeout`, or `skipped` when Plivo had already stopped the stream; `undefined` while none
   * was attempted (or with `autoHangUp: false`).
   */
  get hangUpOutcome(): HangUpOutcome | undefined {
    return this.#hangUpOutcome;
  }

  setup(setup: FrameSerializerSetup): void {
    this.#logger = this.#optionsLogger ?? setup.logger ?? silentLogger;
    this.#audioInSampleRate = setup.audioInSampleRate;
    this.#codec = this.#createCodec();
  }

  serialize(frame: Frame): SerializedMessage | undefined | Promise<SerializedMessage | undefined> {
    if (OutputAudioRawFrame.is(frame)) return this.#serializeAudio(frame);
    if (PlaybackMarkFrame.is(frame)) {
      this.#checkpoints.sent(frame.markName);
      return JSON.stringify({
        event: 'checkpoint',
        streamId: this.#streamId,
        name: frame.markName,
      });
    }
    if (InterruptionFrame.is(frame)) {
      this.#codec.resetOutbound();
      this.#checkpoints.clearSent();
      return this.#clearAudioMessage;
    }
    if (OutputDTMFFrame.is(frame) || OutputDTMFUrgentFrame.is(frame)) {
      return JSON.stringify({ event: 'sendDTMF', dtmf: frame.buttons.join('') });
    }
    if (OutputTransportMessageFrame.is(frame) || OutputTransportMessageUrgentFrame.is(frame)) {
      return this.#serializeTransportMessage(frame.message);
    }
    if (EndFrame.is(frame) || CancelFrame.is(frame)) {
      return this.#hangUp().then(() => undefined);
    }
    return undefined;
  }

  deserialize(data: string | Uint8Array): DeserializedFrames {
    try {
      return this.#framesOf(parsePlivoMessage(data));
    } catch (error) {
      if (isMessageRejectedError(error)) throw error;
      // Decoding or resampling refused the payload: still a rejection, never another throw.
      throw new MessageRejectedError(
        'invalid-audio',
        error instanceof Error ? error.message : String(error),
      );
    }
  }

  #framesOf(message: PlivoInboundMessage): DeserializedFrames {
    if (message.streamId !== undefined && message.streamId !== this.#streamId) {
      throw new MessageRejectedError(
        'stream-mismatch',
        `"streamId" ${describeValue(message.streamId)} is not this stream's ` +
          describeValue(this.#streamId),
      );
    }
    switch (message.event) {
      case 'media':
        return this.#deserializeAudio(message.track, message.payload);
      case 'start':
        return this.#deserializeStart(message);
      case 'dtmf':
        return new InputDTMFFrame(message.digit);
      case 'playedStream':
      case 'played':
        if (this.#checkpoints.played(message.name) === 'already-reported') return undefined;
        return new PlaybackMarkPlayedFrame(message.name, false);
      case 'clearedAudio': {
        const frames: Frame[] = this.#checkpoints
          .audioCleared()
          .map((name) => new PlaybackMarkPlayedFrame(name, true));
        frames.push(new PlaybackClearedFrame());
        return frames;
      }
      case 'stop':
        this.#stopped = true;
        return new StreamStoppedFrame(message.reason);
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

  #deserializeAudio(track: string, payload: string): DeserializedFrames {
    if (track !== 'inbound') return undefined;
    const bytes = decodeBase64Payload(payload, 'media.payload');
    if (bytes.length === 0) return undefined;
    if (this.#mediaFormat.encoding === 'L16' && bytes.length % 2 !== 0) {
      throw new MessageRejectedError(
        'invalid-audio',
        `"media.payload" has ${bytes.length} bytes: L16 audio needs an even number`,
      );
    }
    return this.#codec.decodeFrame(bytes);
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
    if (
      format.encoding !== this.#mediaFormat.encoding ||
      format.sampleRate !== this.#mediaFormat.sampleRate
    ) {
      // The start message is the truth about the stream: follow it, and say so.
      this.#logger.warn(
        {
          configured: describeMediaFormat(this.#mediaFormat),
          started: describeMediaFormat(format),
        },
        'Plivo start message names another media format than the serializer options; using it',
      );
      this.#mediaFormat = { ...format };
      this.#codec = this.#createCodec();
      this.#playAudioPrefix = this.#createPlayAudioPrefix();
    }
    return new StreamStartedFrame(
      PLIVO_PROVIDER_NAME,
      message.streamId,
      message.callId,
      message.customParameters,
    );
  }

  #serializeAudio(frame: OutputAudioRawFrame): string | undefined {
    const audio =
      frame.numChannels > 1 ? downmixToMono(frame.audio, frame.numChannels) : frame.audio;
    const encoded = this.#codec.encode(audio, frame.sampleRate);
    if (encoded.length === 0) return undefined;
    return this.#playAudioPrefix + encodeBase64(encoded) + PLAY_AUDIO_SUFFIX;
  }

  #serializeTransportMessage(message: unknown): string | undefined {
    const event =
      message !== null && typeof message === 'object' && !Array.isArray(message)
        ? (message as { event?: unknown }).event
        : undefined;
    if (typeof event === 'string' && OUTBOUND_EVENTS.has(event)) return JSON.stringify(message);
    this.#warnOnce(
      'transport-message',
      'transport message dropped: Plivo accepts only playAudio, checkpoint, clearAudio and sendDTMF',
    );
    return undefined;
  }

  #hangUp(): Promise<HangUpOutcome | undefined> {
    if (!this.#autoHangUp) return Promise.resolve(undefined);
    if (this.#hangUpAttempt) return this.#hangUpAttempt;
    this.#hangUpAttempt = this.#sendHangUp().then((outcome) => {
      this.#hangUpOutcome = outcome;
      return outcome;
    });
    return this.#hangUpAttempt;
  }

  async #sendHangUp(): Promise<HangUpOutcome> {
    if (this.#stopped) {
      this.#logger.debug('Plivo stopped the stream already: no hang-up request');
      return 'skipped';
    }
    let hangUp: CallHangUp;
    try {
      // Built at request time: the empty-call-id guard runs again right before sending.
      const request = plivoHangUpRequest({
        authId: this.#authId,
        authToken: this.#authToken,
        callId: this.#callId ?? '',
        apiBaseUrl: this.#apiBaseUrl,
      });
      hangUp = new CallHangUp({
        request,
        successStatuses: PLIVO_HANG_UP_SUCCESS_STATUSES,
        isAlreadyEnded: isPlivoCallAlreadyEnded,
        timeoutMs: this.#hangUpTimeoutMs,
        logger: this.#logger,
        ...(this.#fetch ? { fetch: this.#fetch } : {}),
      });
    } catch (error) {
      this.#logger.error({ err: error }, 'Plivo hang-up not sent');
      return 'failed';
    }
    return hangUp.hangUp();
  }

  #createCodec(): TelephonyAudioCodec {
    return new TelephonyAudioCodec(this.#mediaFormat, {
      pipelineSampleRate: this.#audioInSampleRate,
    });
  }

  #createPlayAudioPrefix(): string {
    const media = JSON.stringify({
      contentType: plivoContentType(this.#mediaFormat),
      sampleRate: this.#mediaFormat.sampleRate,
    });
    // `{"event":"playAudio","media":{"contentType":…,"sampleRate":…,"payload":"` — base64 needs
    // no JSON escaping, so each message is this prefix, the payload and a fixed suffix.
    return `{"event":"playAudio","media":${media.slice(0, -1)},"payload":"`;
  }

  #warnOnce(kind: string, message: string): void {
    if (this.#warned.has(kind)) return;
    this.#warned.add(kind);
    this.#logger.warn({ provider: PLIVO_PROVIDER_NAME }, message);
  }
}
