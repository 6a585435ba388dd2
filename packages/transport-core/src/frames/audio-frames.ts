import { DataFrame, SystemFrame } from './frame.js';

/** Fields shared by every raw audio frame: PCM16 samples, interleaved when stereo. */
export interface AudioRaw {
  /** PCM16 samples; channels interleaved. */
  readonly audio: Int16Array;
  /** Samples per second per channel, in Hz. */
  readonly sampleRate: number;
  /** 1 for mono, 2 for stereo. */
  readonly numChannels: number;
}

/** Caller audio as it arrived on the wire, decoded but not resampled (see `wireAudio`). */
export interface WireAudio {
  /** PCM16 samples at the call's own rate; channels interleaved. */
  readonly audio: Int16Array;
  /** The call's sample rate, in Hz (e.g. 8000 for G.711). */
  readonly sampleRate: number;
}

/** Caller audio entering the pipeline (already decoded and resampled by the serializer). */
export class InputAudioRawFrame extends SystemFrame implements AudioRaw {
  static override readonly type: string = 'InputAudioRawFrame';
  /**
   * The same audio at the rate it arrived, before resampling to the pipeline rate; set by
   * serializers only when the rates differ. The input transport runs the VAD on it when the
   * engine supports that rate: telephony audio upsampled to 16 kHz has nothing above 4 kHz and
   * confuses 16 kHz models, while 8 kHz models hear it as it is.
   */
  declare wireAudio: WireAudio | undefined;
  /**
   * Where the provider says this audio starts in its stream, in ms (Twilio's `media.timestamp`),
   * when the serializer trusts the provider's timestamps; the input transport inserts silence
   * where they show audio went missing (`fillCallerAudioGaps`). Only differences count.
   */
  declare mediaTimestampMs: number | undefined;
  /**
   * The provider's number of the message that carried this audio (`media.chunk`), when the
   * serializer trusts it and there is no timestamp; gaps in it count as lost audio the same way.
   */
  declare mediaChunk: number | undefined;

  constructor(
    readonly audio: Int16Array,
    readonly sampleRate: number,
    readonly numChannels = 1,
  ) {
    super();
  }
  /** Samples per channel. */
  get numFrames(): number {
    return this.audio.length / this.numChannels;
  }
}

/** Bot audio to play to the caller, at any sample rate; the output transport resamples it. */
export class OutputAudioRawFrame extends DataFrame implements AudioRaw {
  static override readonly type: string = 'OutputAudioRawFrame';
  constructor(
    readonly audio: Int16Array,
    readonly sampleRate: number,
    readonly numChannels = 1,
  ) {
    super();
  }
  /** Samples per channel. */
  get numFrames(): number {
    return this.audio.length / this.numChannels;
  }
}

/** Bot speech from a TTS engine; marks the bot as speaking while it plays. */
export class TTSAudioRawFrame extends OutputAudioRawFrame {
  static override readonly type: string = 'TTSAudioRawFrame';
  /** Id of the TTS context (utterance) this audio belongs to. */
  contextId: string | undefined = undefined;
}

/** Bot speech that is not from TTS (e.g. a recorded prompt); marks the bot as speaking. */
export class SpeechOutputAudioRawFrame extends OutputAudioRawFrame {
  static override readonly type: string = 'SpeechOutputAudioRawFrame';
}
