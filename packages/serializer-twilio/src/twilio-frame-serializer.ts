import {
  CallHangUp,
  CancelFrame,
  childLogger,
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
  type HangUpRequest,
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
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  type SerializedMessage,
  StreamStartedFrame,
  StreamStoppedFrame,
  silentLogger,
  TelephonyAudioCodec,
} from '@x/transport-core';
import { TWILIO_MEDIA_FORMAT } from './twilio-call-data.js';
import {
  isTwilioCallAlreadyEnded,
  TWILIO_HANG_UP_SUCCESS_STATUSES,
  twilioHangUpRequest,
} from './twilio-hang-up.js';
import { TwilioMarkTracker } from './twilio-mark-tracker.js';
import { parseTwilioMessage, type TwilioInboundMessage } from './twilio-messages.js';
import { readTwilioTransportMessage, TwilioOutboundMessages } from './twilio-outbound-messages.js';

/** Options of `TwilioFrameSerializer`. */
export interface TwilioFrameSerializerOptions {
  /** Stream SID (`MZ…`, `start.streamSid`): every message sent carries it. Required. */
  streamId: string;
  /** Call SID (`CA…`, `start.callSid`); required when `autoHangUp` is on. */
  callId?: string | undefined;
  /** Account SID (`AC…`, `start.accountSid`) owning the call; required when `autoHangUp` is on. */
  accountSid?: string | undefined;
  /** Auth token of the account, for the hang-up request (or use `apiKeySid` + `apiKeySecret`). */
  authToken?: string | undefined;
  /** API key SID (`SK…`) to authenticate the hang-up instead of the auth token. */
  apiKeySid?: string | undefined;
  /** API key secret, with `apiKeySid`. */
  apiKeySecret?: string | undefined;
  /** Media format of the stream; Twilio's is always μ-law 8 kHz mono, and nothing else is accepted. */
  mediaFormat?: MediaFormat | undefined;
  /** Hang the call up over REST on `EndFrame`/`CancelFrame` (once); default true. */
  autoHangUp?: boolean | undefined;
  /** REST API base URL (tests, proxies); overrides `region` and `edge`. */
  apiBaseUrl?: string | undefined;
  /** Twilio region of the call (e.g. `au1`), with `edge`: the call is only found there. */
  region?: string | undefined;
  /** Twilio edge (e.g. `sydney`). */
  edge?: string | undefined;
  /** `fetch` for the hang-up request; default the global `fetch`. */
  fetch?: FetchFunction | undefined;
  /** Bound on the hang-up request, in milliseconds; default 5000. */
  hangUpTimeoutMs?: number | undefined;
  /** Logger; default the transport's logger from `setup()`. */
  logger?: Logger | undefined;
}

/** Defaults of `TwilioFrameSerializerOptions`. */
export const DEFAULT_TWILIO_FRAME_SERIALIZER_OPTIONS = Object.freeze({
  autoHangUp: true,
  hangUpTimeoutMs: DEFAULT_HANG_UP_TIMEOUT_MS,
  mediaFormat: TWILIO_MEDIA_FORMAT,
});

const PROVIDER_NAME = 'twilio';
const RTVI_LABEL = 'rtvi-ai';

function sameFormat(a: MediaFormat, b: MediaFormat): boolean {
  return a.encoding === b.encoding && a.sampleRate === b.sampleRate && a.channels === b.channels;
}

function missingHangUpOptions(options: TwilioFrameSerializerOptions): string[] {
  const missing: string[] = [];
  if (!options.callId) missing.push('callId');
  if (!options.accountSid) missing.push('accountSid');
  if (!options.authToken && !(options.apiKeySid && options.apiKeySecret)) {
    missing.push('authToken (or apiKeySid and apiKeySecret)');
  }
  return missing;
}

/**
 * Frames ⇄ Twilio Media Streams messages, for one bidirectional stream.
 *
 * Inbound: `connected` (checked, nothing passed on), `start` → `StreamStartedFrame`, `media`
 * (inbound track; μ-law decoded and resampled to the pipeline rate) → `InputAudioRawFrame`,
 * `dtmf` → `InputDTMFFrame`, `mark` → `PlaybackMarkPlayedFrame` (`cleared` when a clear emptied
 * its audio), `stop` → `StreamStoppedFrame`. Malformed or unknown messages, or another stream's,
 * are refused with a `MessageRejectedError`.
 *
 * Outbound: audio → `media`, `InterruptionFrame` → `clear`, `PlaybackMarkFrame` → `mark`;
 * transport messages only when they are a valid `media`/`mark`/`clear` (Twilio answers anything
 * else with warning 31951); DTMF is not supported by Twilio on the socket and is dropped (logged
 * once). `EndFrame`/`CancelFrame` hang the call up over REST, once, unless Twilio already sent
 * `stop` or `autoHangUp` is false.
 */
export class TwilioFrameSerializer implements FrameSerializer {
  readonly name = PROVIDER_NAME;
  /** Stream SID of the call. */
  readonly streamId: string;
  /** Call SID of the call, when known. */
  readonly callId: string | undefined;
  readonly #messages: TwilioOutboundMessages;
  readonly #marks = new TwilioMarkTracker();
  readonly #hangUpRequest: HangUpRequest | undefined;
  readonly #options: TwilioFrameSerializerOptions;
  #logger: Logger;
  #codec: TelephonyAudioCodec | undefined;
  #hangUp: Promise<HangUpOutcome> | undefined;
  #hangUpOutcome: HangUpOutcome | undefined;
  #stopped = false;
  #streamRefusal: string | undefined;
  #startSeen = false;
  /** True when the options gave the format (from the start message detection accepted). */
  readonly #formatKnown: boolean;
  #dtmfWarned = false;
  #transportMessageWarned = false;
  #untrackedMarkWarned = false;

  /**
   * @throws RangeError when `streamId` is empty, when the media format is not μ-law 8 kHz mono,
   * when `autoHangUp` is on and the call SID, account SID or credentials are missing (each is
   * named), or for a bad `region`/`edge`/`apiBaseUrl`.
   */
  constructor(options: TwilioFrameSerializerOptions) {
    if (!options.streamId) throw new RangeError('TwilioFrameSerializer needs a non-empty streamId');
    const mediaFormat = options.mediaFormat ?? TWILIO_MEDIA_FORMAT;
    this.#formatKnown = options.mediaFormat !== undefined;
    if (!sameFormat(mediaFormat, TWILIO_MEDIA_FORMAT)) {
      throw new RangeError(
        `unsupported Twilio media format ${mediaFormat.encoding} at ${mediaFormat.sampleRate} Hz, ` +
          `${mediaFormat.channels} channel(s): Twilio streams are PCMU (audio/x-mulaw) at 8000 Hz, mono`,
      );
    }
    const autoHangUp = options.autoHangUp ?? DEFAULT_TWILIO_FRAME_SERIALIZER_OPTIONS.autoHangUp;
    if (autoHangUp) {
      const missing = missingHangUpOptions(options);
      if (missing.length > 0) {
        throw new RangeError(
          `TwilioFrameSerializer auto hang-up needs ${missing.join(', ')}; pass them, or pass autoHangUp: false`,
        );
      }
      this.#hangUpRequest = twilioHangUpRequest({
        accountSid: options.accountSid!,
        callSid: options.callId!,
        authToken: options.authToken,
        apiKeySid: options.apiKeySid,
        apiKeySecret: options.apiKeySecret,
        apiBaseUrl: options.apiBaseUrl,
        region: options.region,
        edge: options.edge,
      });
    }
    this.streamId = options.streamId;
    this.callId = options.callId || undefined;
    this.#options = options;
    this.#messages = new TwilioOutboundMessages(options.streamId);
    this.#logger = options.logger ?? silentLogger;
  }

  /**
   * Outcome of the hang-up request once it has settled: `hung-up`, `already-ended`, `failed`,
   * `timeout`, or `skipped` when Twilio had already stopped the stream. `undefined` before.
   */
  get hangUpOutcome(): HangUpOutcome | undefined {
    return this.#hangUpOutcome;
  }

  setup(setup: FrameSerializerSetup): void {
    this.#logger = childLogger(this.#options.logger ?? setup.logger, {
      provider: PROVIDER_NAME,
      streamSid: this.streamId,
    });
    this.#codec = new TelephonyAudioCodec(TWILIO_MEDIA_FORMAT, {
      pipelineSampleRate: setup.audioInSampleRate,
    });
  }

  serialize(frame: Frame): SerializedMessage | undefined | Promise<SerializedMessage | undefined> {
    if (OutputAudioRawFrame.is(frame)) return this.#serializeAudio(frame);
    if (InterruptionFrame.is(frame)) return this.#clear();
    if (PlaybackMarkFrame.is(frame)) return this.#mark(frame.markName);
    if (EndFrame.is(frame) || CancelFrame.is(frame)) return this.#hangUpOnce();
    if (OutputTransportMessageFrame.is(frame) || OutputTransportMessageUrgentFrame.is(frame)) {
      return this.#serializeTransportMessage(frame.message);
    }
    if (OutputDTMFFrame.is(frame) || OutputDTMFUrgentFrame.is(frame)) {
      if (!this.#dtmfWarned) {
        this.#dtmfWarned = true;
        this.#logger.warn(
          { frame: frame.name },
          'Twilio does not support sending DTMF over a Media Stream: DTMF frames are dropped',
        );
      }
      return undefined;
    }
    return undefined;
  }

  deserialize(data: string | Uint8Array): DeserializedFrames {
    let message: TwilioInboundMessage;
    try {
      message = parseTwilioMessage(data);
    } catch (error) {
      // Only the stream's own start decides its format: a format known from the options (the
      // start detection accepted), or else the first start. Any other start (Twilio sends one)
      // is refused without touching the stream.
      if (
        isMessageRejectedError(error) &&
        error.kind === 'unsupported-codec' &&
        !this.#startSeen &&
        !this.#formatKnown
      ) {
        this.#startSeen = true;
        this.#streamRefusal = error.reason;
      }
      throw error;
    }
    if (message.event === 'connected') return undefined;
    if (message.streamSid !== this.streamId) {
      throw new MessageRejectedError(
        'stream-mismatch',
        `"streamSid" ${describeValue(message.streamSid)} is not this stream's (${this.streamId})`,
      );
    }
    switch (message.event) {
      case 'start':
        if (this.#startSeen) {
          throw new MessageRejectedError(
            'duplicate-start',
            'a second start message: Twilio sends one per stream, so it is ignored',
          );
        }
        this.#startSeen = true;
        return new StreamStartedFrame(
          PROVIDER_NAME,
          message.streamSid,
          message.callSid,
          message.customParameters,
        );
      case 'media':
        return this.#deserializeMedia(message.track, message.payload);
      case 'dtmf':
        return new InputDTMFFrame(message.digit);
      case 'mark':
        return new PlaybackMarkPlayedFrame(message.name, this.#marks.echoed(message.name));
      case 'stop':
        this.#stopped = true;
        return new StreamStoppedFrame('Twilio stopped the stream');
    }
  }

  #deserializeMedia(track: string, payload: string): DeserializedFrames {
    if (track !== 'inbound') return undefined;
    if (this.#streamRefusal !== undefined) {
      throw new MessageRejectedError(
        'unsupported-codec',
        `audio refused: the stream's start was refused (${this.#streamRefusal})`,
      );
    }
    const codec = this.#codec;
    if (!codec) {
      throw new MessageRejectedError(
        'not-set-up',
        'audio refused: TwilioFrameSerializer.setup() was not called yet',
      );
    }
    return codec.decodeFrame(decodeBase64Payload(payload, 'media.payload'));
  }

  #serializeAudio(frame: OutputAudioRawFrame): string | undefined {
    const mono =
      frame.numChannels === 1 ? frame.audio : downmixToMono(frame.audio, frame.numChannels);
    if (!this.#codec) {
      throw new Error('TwilioFrameSerializer.setup() must be called before audio is serialized');
    }
    const payload = this.#codec.encode(mono, frame.sampleRate);
    if (payload.length === 0) return undefined;
    return this.#messages.media(encodeBase64(payload));
  }

  #clear(): string {
    this.#codec?.resetOutbound();
    this.#marks.clearing();
    return this.#messages.clear();
  }

  #mark(name: string): string {
    if (!this.#marks.sent(name) && !this.#untrackedMarkWarned) {
      this.#untrackedMarkWarned = true;
      this.#logger.warn(
        { pending: this.#marks.size },
        'too many marks awaiting their echo: further marks are sent but not tracked',
      );
    }
    return this.#messages.mark(name);
  }

  #serializeTransportMessage(value: unknown): string | undefined {
    if ((value as { label?: unknown } | null)?.label === RTVI_LABEL) return undefined;
    const message = readTwilioTransportMessage(value, this.streamId);
    switch (message.event) {
      case 'media':
        return this.#messages.media(message.payload);
      case 'mark':
        return this.#mark(message.name);
      case 'clear':
        return this.#clear();
      default:
        if (!this.#transportMessageWarned) {
          this.#transportMessageWarned = true;
          this.#logger.warn(
            { reason: message.refusal },
            'transport message not sent: Twilio accepts only media, mark and clear (warning 31951 otherwise)',
          );
        } else {
          this.#logger.debug({ reason: message.refusal }, 'transport message not sent');
        }
        return undefined;
    }
  }

  #hangUpOnce(): Promise<undefined> | undefined {
    const request = this.#hangUpRequest;
    if (!request) return undefined;
    if (!this.#hangUp) {
      if (this.#stopped) {
        this.#logger.debug('Twilio already stopped the stream: no hang-up request');
        this.#hangUp = Promise.resolve('skipped');
      } else {
        this.#hangUp = new CallHangUp({
          request,
          successStatuses: TWILIO_HANG_UP_SUCCESS_STATUSES,
          isAlreadyEnded: isTwilioCallAlreadyEnded,
          fetch: this.#options.fetch,
          timeoutMs:
            this.#options.hangUpTimeoutMs ??
            DEFAULT_TWILIO_FRAME_SERIALIZER_OPTIONS.hangUpTimeoutMs,
          logger: this.#logger,
        }).hangUp();
      }
      this.#hangUp.then((outcome) => {
        this.#hangUpOutcome = outcome;
      });
    }
    return this.#hangUp.then(() => undefined);
  }
}
