import { downmixToMono } from '../audio/channels.js';
import { type InputAudioRawFrame, OutputAudioRawFrame } from '../frames/audio-frames.js';
import { OutputDTMFFrame, OutputDTMFUrgentFrame } from '../frames/dtmf-frames.js';
import type { Frame } from '../frames/frame.js';
import { InterruptionFrame } from '../frames/lifecycle-frames.js';
import {
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  StreamStoppedFrame,
} from '../frames/telephony-frames.js';
import {
  OutputTransportMessageFrame,
  OutputTransportMessageUrgentFrame,
} from '../frames/transport-frames.js';
import { childLogger, type Logger, silentLogger } from '../logging/logger.js';
import type { MediaFormat } from '../providers/call-data.js';
import type {
  DeserializedFrames,
  FrameSerializer,
  FrameSerializerSetup,
  SerializedMessage,
} from '../serializer/frame-serializer.js';
import {
  isMessageRejectedError,
  MessageRejectedError,
} from '../serializer/message-rejected-error.js';
import { decodeBase64Payload } from './base64.js';
import {
  CallHangUp,
  type CallHangUpOptions,
  DEFAULT_HANG_UP_TIMEOUT_MS,
  type HangUpOutcome,
} from './call-hang-up.js';
import { sameMediaFormat } from './media-format.js';
import { type ClearedMarkReporting, PlaybackMarkLedger } from './playback-mark-ledger.js';
import { TelephonyAudioCodec } from './telephony-audio-codec.js';

/** The REST hang-up of a telephony serializer: what `CallHangUp` needs but the logger and bound. */
export type TelephonyHangUpOptions = Omit<CallHangUpOptions, 'logger' | 'timeoutMs'>;

/** Options of `TelephonyFrameSerializer`, given by a provider's serializer. */
export interface TelephonyFrameSerializerOptions {
  /** Provider name, for frames and logs (e.g. `twilio`). */
  provider: string;
  /** The stream's id; every log line carries it. */
  streamId: string;
  /** Format of the audio the provider sends: the caller's. */
  callerAudioFormat: MediaFormat;
  /** Format of the audio sent to the provider, the bot's; default the caller audio format. */
  botAudioFormat?: MediaFormat | undefined;
  /** How the provider tells which marks a clear dropped. */
  clearedMarkReporting: ClearedMarkReporting;
  /** The REST request `hangUp()` sends; `undefined` when auto hang-up is off. */
  hangUp?: TelephonyHangUpOptions | undefined;
  /** Bound on the hang-up request, in milliseconds; default 5000. */
  hangUpTimeoutMs?: number | undefined;
  /** Logger; default the transport's logger from `setup()`, silent before it. */
  logger?: Logger | undefined;
}

/** Defaults of `TelephonyFrameSerializerOptions`. */
export const DEFAULT_TELEPHONY_FRAME_SERIALIZER_OPTIONS = Object.freeze({
  hangUpTimeoutMs: DEFAULT_HANG_UP_TIMEOUT_MS,
});

/** The field of the media message whose base64 payload `decodePayload` reads, for reasons. */
const MEDIA_PAYLOAD_FIELD = 'media.payload';
/** Label of Pipecat's RTVI messages, meant for browser clients: never sent to a phone call. */
const RTVI_LABEL = 'rtvi-ai';

function isRtviMessage(message: unknown): boolean {
  return (message as { label?: unknown } | null)?.label === RTVI_LABEL;
}

function checkedHangUpTimeoutMs(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return DEFAULT_TELEPHONY_FRAME_SERIALIZER_OPTIONS.hangUpTimeoutMs;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(
      `hangUpTimeoutMs must be a positive number of milliseconds, got ${timeoutMs}`,
    );
  }
  return timeoutMs;
}

/**
 * The skeleton of a telephony provider's serializer; a provider's subclass keeps only its wire
 * format (reading its messages, writing audio, clear and mark messages).
 *
 * It holds the call's audio codecs (caller audio decoded and resampled to the pipeline's input
 * rate, bot audio encoded to the stream's format, with state kept across chunks), the playback
 * mark ledger (one overflow policy, see `PlaybackMarkLedger`), warn-once logging, and the REST
 * hang-up: `hangUp()` sends it at most once, never after the provider stopped the stream, and
 * never throws; `hangUpOutcome` tells how it ended.
 *
 * `serialize` dispatches: bot audio → `audioMessage(payload)` (mixed down to mono, encoded;
 * nothing while the resampler fills), `InterruptionFrame` → `clearMessage()` (after the outbound
 * resampler and the ledger learned of the clear), `PlaybackMarkFrame` → `markMessage(name)`,
 * DTMF → `dtmfMessage(digits)`, transport messages → `transportMessage(message)` (Pipecat's RTVI
 * messages are dropped); anything else sends nothing. `deserialize` calls `deserializeMessage`
 * and turns any error that is not a `MessageRejectedError` into one (`invalid-message`).
 */
export abstract class TelephonyFrameSerializer implements FrameSerializer {
  /** Provider name, for frames and logs. */
  readonly name: string;
  /** The stream's id. */
  readonly streamId: string;
  readonly #optionsLogger: Logger | undefined;
  readonly #hangUpOptions: TelephonyHangUpOptions | undefined;
  readonly #hangUpTimeoutMs: number;
  readonly #marks: PlaybackMarkLedger;
  readonly #loggedOnce = new Set<string>();
  #logger: Logger;
  #callerAudioFormat: Readonly<MediaFormat>;
  #botAudioFormat: Readonly<MediaFormat>;
  #pipelineSampleRate: number | undefined;
  #callerCodec: TelephonyAudioCodec | undefined;
  #botCodec: TelephonyAudioCodec | undefined;
  #providerStopped = false;
  #hangUpAttempt: Promise<HangUpOutcome> | undefined;
  #hangUpOutcome: HangUpOutcome | undefined;

  /** @throws RangeError for a `hangUpTimeoutMs` that is not a positive number. */
  constructor(options: TelephonyFrameSerializerOptions) {
    this.name = options.provider;
    this.streamId = options.streamId;
    this.#optionsLogger = options.logger;
    this.#logger = options.logger ? childLogger(options.logger, this.#logBindings()) : silentLogger;
    this.#hangUpOptions = options.hangUp;
    this.#hangUpTimeoutMs = checkedHangUpTimeoutMs(options.hangUpTimeoutMs);
    this.#marks = new PlaybackMarkLedger({ clearedMarkReporting: options.clearedMarkReporting });
    this.#callerAudioFormat = Object.freeze({ ...options.callerAudioFormat });
    this.#botAudioFormat = Object.freeze({
      ...(options.botAudioFormat ?? options.callerAudioFormat),
    });
  }

  /** Format of the audio the provider sends (the caller's). */
  get callerAudioFormat(): Readonly<MediaFormat> {
    return this.#callerAudioFormat;
  }

  /** Format of the audio sent to the provider (the bot's). */
  get botAudioFormat(): Readonly<MediaFormat> {
    return this.#botAudioFormat;
  }

  /**
   * How `hangUp()` ended, once it has settled: `hung-up`, `already-ended`, `failed`, `timeout`,
   * or `skipped` when nothing was sent (auto hang-up off, the provider had already stopped the
   * stream, or the stream could not prove it belongs to the call). `undefined` before.
   */
  get hangUpOutcome(): HangUpOutcome | undefined {
    return this.#hangUpOutcome;
  }

  /**
   * Whether `dtmfMessage` sends DTMF keys over the stream; false here: the output transport plays
   * them as in-band tones. A provider that can send them overrides both.
   */
  get sendsDtmf(): boolean {
    return false;
  }

  /** Playback marks sent and not answered yet. */
  get outstandingMarks(): number {
    return this.#marks.outstanding;
  }

  setup(setup: FrameSerializerSetup): void {
    this.#logger = childLogger(this.#optionsLogger ?? setup.logger, this.#logBindings());
    this.#pipelineSampleRate = setup.audioInSampleRate;
    this.#createCodecs();
  }

  serialize(frame: Frame): SerializedMessage | undefined {
    if (OutputAudioRawFrame.is(frame)) return this.#serializeAudio(frame);
    if (InterruptionFrame.is(frame)) return this.clear();
    if (PlaybackMarkFrame.is(frame)) return this.mark(frame.markName);
    if (OutputDTMFFrame.is(frame) || OutputDTMFUrgentFrame.is(frame)) {
      return this.dtmfMessage(frame.buttons.join(''));
    }
    if (OutputTransportMessageFrame.is(frame) || OutputTransportMessageUrgentFrame.is(frame)) {
      return isRtviMessage(frame.message) ? undefined : this.transportMessage(frame.message);
    }
    return undefined;
  }

  deserialize(data: string | Uint8Array): DeserializedFrames {
    try {
      return this.deserializeMessage(data);
    } catch (error) {
      if (isMessageRejectedError(error)) throw error;
      throw new MessageRejectedError(
        'invalid-message',
        `could not read the message: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * Hangs the call up over the provider's REST API, at most once, bounded by `hangUpTimeoutMs`;
   * later calls return the first call's outcome. Sends nothing (`skipped`) with auto hang-up off,
   * after the provider stopped the stream, or when `hangUpRefusal()` gives a reason. Never throws.
   */
  hangUp(): Promise<HangUpOutcome> {
    this.#hangUpAttempt ??= this.#attemptHangUp().then((outcome) => {
      this.#hangUpOutcome = outcome;
      return outcome;
    });
    return this.#hangUpAttempt;
  }

  /** Wire message → frames. Throw `MessageRejectedError` for a message the protocol refuses. */
  protected abstract deserializeMessage(data: string | Uint8Array): DeserializedFrames;

  /** The message carrying encoded bot audio, or `undefined` to send nothing (yet). */
  protected abstract audioMessage(payload: Uint8Array): SerializedMessage | undefined;

  /**
   * The message that stops playback of the audio sent so far. Called after the outbound resampler
   * was reset and the ledger learned of the clear; drop any audio held back here.
   */
  protected abstract clearMessage(): SerializedMessage;

  /** The message asking the provider to answer once the audio sent so far has played. */
  protected abstract markMessage(name: string): SerializedMessage;

  /**
   * The message playing DTMF digits; by default none: dropped, with one warning (the output
   * transport does not ask unless `sendsDtmf` is overridden to true: it plays tones instead).
   */
  protected dtmfMessage(_digits: string): SerializedMessage | undefined {
    this.warnOnce(
      'dtmf',
      `${this.name} does not support sending DTMF over its media stream: DTMF frames are dropped`,
    );
    return undefined;
  }

  /** The message for an outgoing transport message; by default none: dropped, with one warning. */
  protected transportMessage(_message: unknown): SerializedMessage | undefined {
    this.warnOnce(
      'transport-message',
      `${this.name} media streams accept only their own messages: transport messages are not sent`,
    );
    return undefined;
  }

  /** A reason not to send the hang-up (logged as a warning), or `undefined` to send it. */
  protected hangUpRefusal(): string | undefined {
    return undefined;
  }

  /** The call's logger (the transport's, or the options', with the provider and stream id). */
  protected get logger(): Logger {
    return this.#logger;
  }

  /** The marks sent on this stream, to read what their answers mean. */
  protected get playbackMarks(): PlaybackMarkLedger {
    return this.#marks;
  }

  /** Resets outbound audio, tells the ledger, and returns `clearMessage()`. */
  protected clear(): SerializedMessage {
    this.#botCodec?.resetOutbound();
    this.#marks.cleared();
    return this.clearMessage();
  }

  /** Records the mark in the ledger and returns `markMessage(name)`. */
  protected mark(name: string): SerializedMessage {
    const forgottenBefore = this.#marks.forgotten;
    this.#marks.sent(name);
    if (this.#marks.forgotten > forgottenBefore) {
      this.warnOnce(
        'marks-forgotten',
        'too many marks awaiting their answer: the oldest are forgotten (their answer counts as played)',
        { outstanding: this.#marks.outstanding },
      );
    }
    return this.markMessage(name);
  }

  /**
   * The frame for the provider's answer to a mark: played, or `cleared` when a clear dropped its
   * audio; `undefined` when that mark was already reported as cleared.
   */
  protected markAnswered(name: string): PlaybackMarkPlayedFrame | undefined {
    const echo = this.#marks.echoed(name);
    if (echo === 'already-reported') return undefined;
    return new PlaybackMarkPlayedFrame(name, echo === 'cleared');
  }

  /** Records that the provider ended the stream (no hang-up follows) and returns its frame. */
  protected providerStopped(reason: string | undefined): StreamStoppedFrame {
    this.#providerStopped = true;
    return new StreamStoppedFrame(reason);
  }

  /**
   * Decodes a media message's base64 payload.
   * @throws MessageRejectedError `invalid-audio` for bad base64, or an odd number of L16 bytes.
   */
  protected decodePayload(base64: string): Uint8Array {
    const payload = decodeBase64Payload(base64, MEDIA_PAYLOAD_FIELD);
    if (this.#callerAudioFormat.encoding === 'L16' && payload.byteLength % 2 !== 0) {
      throw new MessageRejectedError(
        'invalid-audio',
        `"${MEDIA_PAYLOAD_FIELD}" has ${payload.byteLength} bytes: L16 needs 2 bytes per sample`,
      );
    }
    return payload;
  }

  /**
   * Caller audio → a frame at the pipeline's input rate (`undefined` while the resampler fills).
   * Pass the provider's media timestamp (ms) or chunk number when its documentation makes them
   * trustworthy: the input transport inserts silence where they show audio went missing.
   * @throws MessageRejectedError `not-set-up` before `setup()`.
   */
  protected decodeAudio(
    payload: Uint8Array,
    mediaTimestampMs?: number,
    mediaChunk?: number,
  ): InputAudioRawFrame | undefined {
    this.checkSetUp();
    return this.#callerCodec!.decodeFrame(payload, mediaTimestampMs, mediaChunk);
  }

  /**
   * Refuses caller audio that arrives before the pipeline's rate is known.
   * @throws MessageRejectedError `not-set-up` before `setup()`.
   */
  protected checkSetUp(): void {
    if (this.#callerCodec) return;
    throw new MessageRejectedError(
      'not-set-up',
      `audio refused: the ${this.name} serializer's setup() was not called yet`,
    );
  }

  /** The stream's audio formats changed (e.g. its start message said so): new codecs follow. */
  protected switchAudioFormats(
    callerAudioFormat: MediaFormat,
    botAudioFormat: MediaFormat = callerAudioFormat,
  ): void {
    this.#callerAudioFormat = Object.freeze({ ...callerAudioFormat });
    this.#botAudioFormat = Object.freeze({ ...botAudioFormat });
    this.#createCodecs();
  }

  /** Logs a warning the first time for `kind` (with `fields`, if any), and returns true then. */
  protected warnOnce(kind: string, message: string, fields?: object): boolean {
    return this.#logOnce('warn', kind, message, fields);
  }

  /** Logs an error the first time for `kind`, and returns true then; false afterwards. */
  protected errorOnce(kind: string, message: string, fields?: object): boolean {
    return this.#logOnce('error', kind, message, fields);
  }

  #logOnce(level: 'warn' | 'error', kind: string, message: string, fields?: object): boolean {
    if (this.#loggedOnce.has(kind)) return false;
    this.#loggedOnce.add(kind);
    if (fields === undefined) this.#logger[level](message);
    else this.#logger[level](fields, message);
    return true;
  }

  #logBindings(): object {
    return { provider: this.name, streamId: this.streamId };
  }

  #createCodecs(): void {
    const pipelineSampleRate = this.#pipelineSampleRate;
    if (pipelineSampleRate === undefined) return;
    this.#callerCodec = new TelephonyAudioCodec(this.#callerAudioFormat, { pipelineSampleRate });
    this.#botCodec = sameMediaFormat(this.#callerAudioFormat, this.#botAudioFormat)
      ? this.#callerCodec
      : new TelephonyAudioCodec(this.#botAudioFormat, { pipelineSampleRate });
  }

  #serializeAudio(frame: OutputAudioRawFrame): SerializedMessage | undefined {
    const codec = this.#botCodec;
    if (!codec) {
      throw new Error(
        `the ${this.name} serializer's setup() must be called before audio is serialized`,
      );
    }
    const payload = codec.encode(downmixToMono(frame.audio, frame.numChannels), frame.sampleRate);
    return payload.byteLength === 0 ? undefined : this.audioMessage(payload);
  }

  async #attemptHangUp(): Promise<HangUpOutcome> {
    const options = this.#hangUpOptions;
    if (!options) return 'skipped';
    if (this.#providerStopped) {
      this.#logger.debug(`${this.name} already stopped the stream: no hang-up request`);
      return 'skipped';
    }
    const refusal = this.hangUpRefusal();
    if (refusal !== undefined) {
      this.#logger.warn(`no hang-up request: ${refusal}`);
      return 'skipped';
    }
    return new CallHangUp({
      ...options,
      timeoutMs: this.#hangUpTimeoutMs,
      logger: this.#logger,
    }).hangUp();
  }
}
