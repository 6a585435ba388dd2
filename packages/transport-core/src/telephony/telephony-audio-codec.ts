import {
  alawToPcm,
  bytesFromInt16,
  int16FromBytes,
  pcmToAlaw,
  pcmToUlaw,
  StreamResampler,
  ulawToPcm,
} from '../audio/index.js';
import { InputAudioRawFrame } from '../frames/audio-frames.js';
import type { AudioEncoding, MediaFormat } from '../providers/call-data.js';

/** Options of `TelephonyAudioCodec`. */
export interface TelephonyAudioCodecOptions {
  /** Rate of caller audio inside the pipeline, in Hz: inbound audio is resampled to it. */
  pipelineSampleRate: number;
}

interface EncodingFunctions {
  decode(payload: Uint8Array): Int16Array;
  encode(pcm: Int16Array): Uint8Array;
}

const ENCODINGS: Record<AudioEncoding, EncodingFunctions> = {
  PCMU: { decode: ulawToPcm, encode: pcmToUlaw },
  PCMA: { decode: alawToPcm, encode: pcmToAlaw },
  L16: { decode: int16FromBytes, encode: bytesFromInt16 },
};

/**
 * Converts one call's audio between the wire (PCMU, PCMA or little-endian L16 at the stream's
 * rate) and the pipeline (PCM16 at the pipeline's rate), with one streaming resampler per
 * direction so chunk boundaries stay seamless.
 */
export class TelephonyAudioCodec {
  readonly format: MediaFormat;
  readonly pipelineSampleRate: number;
  readonly #encoding: EncodingFunctions;
  readonly #inbound: StreamResampler;
  #outbound: StreamResampler | undefined;

  /** @throws RangeError for an encoding other than PCMU, PCMA or L16, or a bad rate. */
  constructor(format: MediaFormat, options: TelephonyAudioCodecOptions) {
    const encoding = ENCODINGS[format.encoding];
    if (!encoding) {
      throw new RangeError(
        `unsupported audio encoding "${format.encoding}": expected PCMU, PCMA or L16`,
      );
    }
    if (!Number.isInteger(format.sampleRate) || format.sampleRate <= 0) {
      throw new RangeError(`invalid stream sample rate ${format.sampleRate}`);
    }
    this.format = format;
    this.pipelineSampleRate = options.pipelineSampleRate;
    this.#encoding = encoding;
    this.#inbound = new StreamResampler(format.sampleRate, options.pipelineSampleRate);
  }

  /** Wire payload → PCM16 at the pipeline rate (may be empty while the resampler fills). */
  decode(payload: Uint8Array): Int16Array {
    return this.#inbound.process(this.#encoding.decode(payload));
  }

  /**
   * Wire payload → a mono caller-audio frame at the pipeline rate, or `undefined` while the
   * resampler fills. When the call's rate differs from the pipeline's, the frame also carries the
   * audio as it arrived (`wireAudio`), so the VAD can listen at the call's own rate. The
   * provider's position of the audio, when given, is put on the frame for gap filling.
   */
  decodeFrame(
    payload: Uint8Array,
    mediaTimestampMs?: number,
    mediaChunk?: number,
  ): InputAudioRawFrame | undefined {
    const wire = this.#encoding.decode(payload);
    const audio = this.#inbound.process(wire);
    if (audio.length === 0) return undefined;
    const frame = new InputAudioRawFrame(audio, this.pipelineSampleRate, 1);
    if (this.format.sampleRate !== this.pipelineSampleRate) {
      frame.wireAudio = { audio: wire, sampleRate: this.format.sampleRate };
    }
    if (mediaTimestampMs !== undefined) frame.mediaTimestampMs = mediaTimestampMs;
    if (mediaChunk !== undefined) frame.mediaChunk = mediaChunk;
    return frame;
  }

  /** PCM16 at `sampleRate` → wire payload (may be empty while the resampler fills). */
  encode(audio: Int16Array, sampleRate: number): Uint8Array {
    if (sampleRate !== this.format.sampleRate) {
      if (this.#outbound?.inputRate !== sampleRate) {
        this.#outbound = new StreamResampler(sampleRate, this.format.sampleRate);
      }
      return this.#encoding.encode(this.#outbound.process(audio));
    }
    return this.#encoding.encode(audio);
  }

  /** Drops outbound resampler state (after an interruption, so no stale tail is sent). */
  resetOutbound(): void {
    this.#outbound?.reset();
  }
}
