import { bytesFromInt16, int16FromBytes, StreamResampler } from '../audio/index.js';
import { InputAudioRawFrame, OutputAudioRawFrame } from '../frames/audio-frames.js';
import { InputDTMFFrame, OutputDTMFFrame, OutputDTMFUrgentFrame } from '../frames/dtmf-frames.js';
import type { Frame } from '../frames/frame.js';
import { InterruptionFrame } from '../frames/lifecycle-frames.js';
import {
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  StreamStoppedFrame,
} from '../frames/telephony-frames.js';
import {
  InputTransportMessageFrame,
  OutputTransportMessageFrame,
  OutputTransportMessageUrgentFrame,
} from '../frames/transport-frames.js';
import { defaultLogger, type Logger } from '../logging/logger.js';
import { providerEventOf, providerLookAlikeOf } from '../providers/provider-look-alike.js';
import type {
  DeserializedFrames,
  FrameSerializer,
  FrameSerializerSetup,
  SerializedMessage,
} from '../serializer/frame-serializer.js';
import { MessageRejectedError } from '../serializer/message-rejected-error.js';

/** Options of `RawAudioSerializer`. */
export interface RawAudioSerializerOptions {
  /**
   * Rate of the PCM16 audio on the wire, in Hz, both ways. Default: the pipeline's rates (inbound
   * at the input rate, outbound at the transport's output rate), so nothing is resampled.
   */
  sampleRate?: number;
}

/** The interruption message a `RawAudioSerializer` sends (text): the client should stop playback. */
export const RAW_AUDIO_INTERRUPTION_MESSAGE = '{"type":"interruption"}';

const SNIPPET_LENGTH = 80;

/**
 * A serializer for non-telephony clients (browsers, test clients): audio is raw PCM16
 * little-endian mono in binary messages, everything else is JSON text.
 *
 * Inbound: a binary message is caller audio; text must be a JSON object:
 * `{"type":"dtmf","digit":"5"}` → `InputDTMFFrame`, `{"type":"stop"}` → `StreamStoppedFrame`
 * (the client is hanging up), `{"type":"mark","name":"m1"}` → `PlaybackMarkPlayedFrame`, any
 * other object → `InputTransportMessageFrame`. Invalid JSON, non-objects and odd-length audio
 * are refused with a `MessageRejectedError`.
 *
 * Outbound: bot audio → binary PCM16; `InterruptionFrame` → `{"type":"interruption"}` (stop
 * playback now); transport messages → their JSON; `OutputDTMFFrame` →
 * `{"type":"dtmf","digits":"12"}`; `PlaybackMarkFrame` → `{"type":"mark","name":"m1"}` (echo
 * it back once played). End and cancel send nothing.
 */
export class RawAudioSerializer implements FrameSerializer {
  readonly name = 'raw-audio';
  /** DTMF keys go to the client as `{"type":"dtmf","digits":"12"}`, not as tones. */
  readonly sendsDtmf = true;
  readonly #wireRate: number | undefined;
  #inputRate = 0;
  #inbound: StreamResampler | undefined;
  #outbound: StreamResampler | undefined;
  #logger: Logger = defaultLogger;
  #warnedProviderMessage = false;

  constructor(options: RawAudioSerializerOptions = {}) {
    if (
      options.sampleRate !== undefined &&
      (!Number.isInteger(options.sampleRate) || options.sampleRate <= 0)
    ) {
      throw new RangeError(`sampleRate must be a positive integer, got ${options.sampleRate}`);
    }
    this.#wireRate = options.sampleRate;
  }

  setup(setup: FrameSerializerSetup): void {
    this.#logger = setup.logger;
    this.#inputRate = setup.audioInSampleRate;
    const wireRate = this.#wireRate;
    this.#inbound =
      wireRate !== undefined && wireRate !== setup.audioInSampleRate
        ? new StreamResampler(wireRate, setup.audioInSampleRate)
        : undefined;
    this.#outbound =
      wireRate !== undefined && wireRate !== setup.audioOutSampleRate
        ? new StreamResampler(setup.audioOutSampleRate, wireRate)
        : undefined;
  }

  serialize(frame: Frame): SerializedMessage | undefined {
    if (OutputAudioRawFrame.is(frame)) {
      const audio = this.#outbound ? this.#outbound.process(frame.audio) : frame.audio;
      return audio.length === 0 ? undefined : bytesFromInt16(audio);
    }
    if (InterruptionFrame.is(frame)) {
      this.#outbound?.reset();
      return RAW_AUDIO_INTERRUPTION_MESSAGE;
    }
    if (OutputTransportMessageFrame.is(frame) || OutputTransportMessageUrgentFrame.is(frame)) {
      return JSON.stringify(frame.message);
    }
    if (OutputDTMFFrame.is(frame) || OutputDTMFUrgentFrame.is(frame)) {
      return JSON.stringify({ type: 'dtmf', digits: frame.buttons.join('') });
    }
    if (PlaybackMarkFrame.is(frame)) {
      return JSON.stringify({ type: 'mark', name: frame.markName });
    }
    return undefined;
  }

  deserialize(data: string | Uint8Array): DeserializedFrames {
    if (typeof data !== 'string') {
      if (data.byteLength % 2 !== 0) {
        throw new MessageRejectedError(
          'invalid-audio',
          `PCM16 audio needs an even number of bytes, got ${data.byteLength}`,
        );
      }
      const pcm = int16FromBytes(data);
      const audio = this.#inbound ? this.#inbound.process(pcm) : pcm;
      if (audio.length === 0) return undefined;
      return new InputAudioRawFrame(audio, this.#inputRate, 1);
    }
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      throw new MessageRejectedError('invalid-json', `not JSON: ${snippet(data)}`);
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      throw new MessageRejectedError('invalid-message', `not a JSON object: ${snippet(data)}`);
    }
    const fields = message as Record<string, unknown>;
    switch (fields.type) {
      case 'dtmf':
        try {
          return new InputDTMFFrame(String(fields.digit));
        } catch (error) {
          throw new MessageRejectedError('invalid-dtmf', (error as Error).message);
        }
      case 'stop':
        return new StreamStoppedFrame('the client sent stop');
      case 'mark':
        if (typeof fields.name !== 'string') {
          throw new MessageRejectedError(
            'invalid-message',
            `mark without a string "name": ${snippet(data)}`,
          );
        }
        return new PlaybackMarkPlayedFrame(fields.name);
      default:
        this.#warnIfProviderMessage(message);
        return new InputTransportMessageFrame(message);
    }
  }

  /**
   * A telephony provider's media-stream message (JSON with an `event`, audio in base64) is not
   * audio to this serializer: the call stays silent. Says so once, naming the provider the
   * message looks like (keys only, never values).
   */
  #warnIfProviderMessage(message: object): void {
    if (this.#warnedProviderMessage) return;
    const event = providerEventOf(message);
    if (event === undefined) return;
    this.#warnedProviderMessage = true;
    const lookAlike = providerLookAlikeOf(message);
    const provider = lookAlike ? `a ${lookAlike.displayName}` : "a telephony provider's";
    this.#logger.warn(
      { event, provider: lookAlike?.name },
      `RawAudioSerializer received what looks like ${provider} media-stream message (event "${event}"): it reads only raw PCM16 binary audio, so the caller is not heard. Use the provider's serializer (e.g. from detectProvider) for provider calls`,
    );
  }
}

function snippet(text: string): string {
  return text.length <= SNIPPET_LENGTH ? text : `${text.slice(0, SNIPPET_LENGTH)}…`;
}
