import {
  type DeserializedFrames,
  type FetchFunction,
  InputDTMFFrame,
  isMessageRejectedError,
  type Logger,
  type MediaFormat,
  MessageRejectedError,
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
import { TWILIO_MEDIA_FORMAT } from './twilio-call-data.js';
import {
  isTwilioCallAlreadyEnded,
  TWILIO_HANG_UP_SUCCESS_STATUSES,
  twilioHangUpRequest,
} from './twilio-hang-up.js';
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
  /** Hang the call up over REST when the transport ends the call (`hangUp()`, once); default true. */
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

function missingHangUpOptions(options: TwilioFrameSerializerOptions): string[] {
  const missing: string[] = [];
  if (!options.callId) missing.push('callId');
  if (!options.accountSid) missing.push('accountSid');
  if (!options.authToken && !(options.apiKeySid && options.apiKeySecret)) {
    missing.push('authToken (or apiKeySid and apiKeySecret)');
  }
  return missing;
}

function checkedMediaFormat(mediaFormat: MediaFormat): MediaFormat {
  if (!sameMediaFormat(mediaFormat, TWILIO_MEDIA_FORMAT)) {
    throw new RangeError(
      `unsupported Twilio media format ${mediaFormat.encoding} at ${mediaFormat.sampleRate} Hz, ` +
        `${mediaFormat.channels} channel(s): Twilio streams are PCMU (audio/x-mulaw) at 8000 Hz, mono`,
    );
  }
  return mediaFormat;
}

/**
 * The REST hang-up `hangUp()` sends, or `undefined` with `autoHangUp: false`.
 * @throws when a setting it needs is missing or invalid (named).
 */
function restHangUpOf(options: TwilioFrameSerializerOptions): TelephonyHangUpOptions | undefined {
  if (!(options.autoHangUp ?? DEFAULT_TWILIO_FRAME_SERIALIZER_OPTIONS.autoHangUp)) return undefined;
  const missing = missingHangUpOptions(options);
  if (missing.length > 0) {
    throw new RangeError(
      `TwilioFrameSerializer auto hang-up needs ${missing.join(', ')}; pass them, or pass autoHangUp: false`,
    );
  }
  return {
    request: twilioHangUpRequest({
      accountSid: options.accountSid!,
      callSid: options.callId!,
      authToken: options.authToken,
      apiKeySid: options.apiKeySid,
      apiKeySecret: options.apiKeySecret,
      apiBaseUrl: options.apiBaseUrl,
      region: options.region,
      edge: options.edge,
    }),
    successStatuses: TWILIO_HANG_UP_SUCCESS_STATUSES,
    isAlreadyEnded: isTwilioCallAlreadyEnded,
    fetch: options.fetch,
  };
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
 * once). `hangUp()` (called by the transport at the end of the call) hangs the call up over REST,
 * once, unless Twilio already sent `stop` or `autoHangUp` is false.
 */
export class TwilioFrameSerializer extends TelephonyFrameSerializer {
  /** Call SID of the call, when known. */
  readonly callId: string | undefined;
  readonly #messages: TwilioOutboundMessages;
  /** True when the options gave the format (from the start message detection accepted). */
  readonly #formatKnown: boolean;
  #streamRefusal: string | undefined;
  #startSeen = false;

  /**
   * @throws RangeError when `streamId` is empty, when the media format is not μ-law 8 kHz mono,
   * when `autoHangUp` is on and the call SID, account SID or credentials are missing (each is
   * named), or for a bad `region`/`edge`/`apiBaseUrl`.
   */
  constructor(options: TwilioFrameSerializerOptions) {
    if (!options.streamId) throw new RangeError('TwilioFrameSerializer needs a non-empty streamId');
    super({
      provider: PROVIDER_NAME,
      streamId: options.streamId,
      callerAudioFormat: checkedMediaFormat(options.mediaFormat ?? TWILIO_MEDIA_FORMAT),
      clearedMarkReporting: 'echo-each-mark',
      hangUp: restHangUpOf(options),
      hangUpTimeoutMs: options.hangUpTimeoutMs,
      logger: options.logger,
    });
    this.callId = options.callId || undefined;
    this.#formatKnown = options.mediaFormat !== undefined;
    this.#messages = new TwilioOutboundMessages(options.streamId);
  }

  protected override deserializeMessage(data: string | Uint8Array): DeserializedFrames {
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
        return this.#deserializeMedia(message.track, message.payload, message.timestampMs);
      case 'dtmf':
        return new InputDTMFFrame(message.digit);
      case 'mark':
        return this.markAnswered(message.name);
      case 'stop':
        return this.providerStopped('Twilio stopped the stream');
    }
  }

  protected override audioMessage(payload: Uint8Array): SerializedMessage {
    return this.#messages.media(encodeBase64(payload));
  }

  protected override clearMessage(): SerializedMessage {
    return this.#messages.clear();
  }

  protected override markMessage(name: string): SerializedMessage {
    return this.#messages.mark(name);
  }

  protected override transportMessage(value: unknown): SerializedMessage | undefined {
    const message = readTwilioTransportMessage(value, this.streamId);
    switch (message.event) {
      case 'media':
        return this.#messages.media(message.payload);
      case 'mark':
        return this.mark(message.name);
      case 'clear':
        return this.clear();
      default:
        if (
          !this.warnOnce(
            'transport-message',
            'transport message not sent: Twilio accepts only media, mark and clear (warning 31951 otherwise)',
            { reason: message.refusal },
          )
        ) {
          this.logger.debug({ reason: message.refusal }, 'transport message not sent');
        }
        return undefined;
    }
  }

  #deserializeMedia(
    track: string,
    payload: string,
    timestampMs: number | undefined,
  ): DeserializedFrames {
    if (track !== 'inbound') return undefined;
    if (this.#streamRefusal !== undefined) {
      throw new MessageRejectedError(
        'unsupported-codec',
        `audio refused: the stream's start was refused (${this.#streamRefusal})`,
      );
    }
    // Twilio documents media.timestamp as the audio's position in the stream: it places gaps
    return this.decodeAudio(this.decodePayload(payload), timestampMs);
  }
}
