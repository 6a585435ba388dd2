import { type Clock, systemClock } from '../clock/clock.js';
import { InputAudioRawFrame, OutputAudioRawFrame } from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import { CancelFrame, EndFrame, InterruptionFrame } from '../frames/lifecycle-frames.js';
import type {
  DeserializedFrames,
  FrameSerializer,
  FrameSerializerSetup,
  SerializedMessage,
} from '../serializer/frame-serializer.js';
import type { HangUpOutcome } from '../telephony/call-hang-up.js';
import type { CallRecording } from './call-recording.js';

/**
 * Wraps a call's serializer to feed a `CallRecording` from the wire, for pipelines where nothing
 * can follow `transport.output()` (e.g. the server kit's `wrapSerializer`): the caller's audio as
 * it is decoded, each bot chunk as the output sends it, the clear message of an interruption.
 * Everything else is the wrapped serializer's. The recording is finished by the end message; when
 * the caller hung up none is sent, so also call `recording.finish` when the call ends.
 */
export class RecordingSerializer implements FrameSerializer {
  readonly #inner: FrameSerializer;
  readonly #recording: CallRecording;
  readonly #clock: Clock;
  /** The wrapped serializer's hang-up, when it has one (the output only hangs up with one). */
  readonly hangUp?: () => Promise<HangUpOutcome>;

  /**
   * @param inner the provider's serializer
   * @param recording where the audio goes
   * @param clock the clock of the call's pipeline (default the system clock)
   */
  constructor(inner: FrameSerializer, recording: CallRecording, clock: Clock = systemClock) {
    this.#inner = inner;
    this.#recording = recording;
    this.#clock = clock;
    if (inner.hangUp) this.hangUp = () => inner.hangUp!();
  }

  get name(): string {
    return this.#inner.name;
  }

  get sendsDtmf(): boolean {
    return this.#inner.sendsDtmf === true;
  }

  get hangUpOutcome(): HangUpOutcome | undefined {
    return this.#inner.hangUpOutcome;
  }

  setup(setup: FrameSerializerSetup): void {
    this.#inner.setup(setup);
    this.#recording.start(this.#clock.now());
  }

  serialize(frame: Frame): SerializedMessage | undefined {
    const nowMs = this.#clock.now();
    if (OutputAudioRawFrame.is(frame)) {
      this.#recording.botAudio(frame.audio, frame.sampleRate, frame.numChannels, nowMs);
    } else if (InterruptionFrame.is(frame)) {
      this.#recording.interrupt(nowMs);
    } else if (EndFrame.is(frame) || CancelFrame.is(frame)) {
      this.#recording.finish(nowMs);
    }
    return this.#inner.serialize(frame);
  }

  deserialize(data: string | Uint8Array): DeserializedFrames {
    const frames = this.#inner.deserialize(data);
    if (frames === undefined) return frames;
    if (Array.isArray(frames)) {
      for (const frame of frames as readonly Frame[]) this.#recordCaller(frame);
    } else {
      this.#recordCaller(frames as Frame);
    }
    return frames;
  }

  #recordCaller(frame: Frame): void {
    if (!InputAudioRawFrame.is(frame)) return;
    this.#recording.callerAudio(
      frame.audio,
      frame.sampleRate,
      frame.numChannels,
      this.#clock.now(),
    );
  }
}
