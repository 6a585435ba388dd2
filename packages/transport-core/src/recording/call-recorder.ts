import { InputAudioRawFrame, OutputAudioRawFrame } from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import {
  CancelFrame,
  EndFrame,
  InterruptionFrame,
  StartFrame,
} from '../frames/lifecycle-frames.js';
import type { FrameDirection } from '../pipeline/frame-direction.js';
import { FrameProcessor, type FrameProcessorOptions } from '../pipeline/frame-processor.js';
import { CallRecording, type CallRecordingOptions } from './call-recording.js';

/** Settings of a `CallRecorder`: where the WAV goes and at what rate, plus the processor's. */
export interface CallRecorderOptions extends CallRecordingOptions, FrameProcessorOptions {}

/**
 * Records a call as a stereo WAV (caller left, bot right) on the pipeline clock's timeline. Put
 * it after `transport.output()`: there it sees each bot audio chunk as the output sends it (so
 * the bot side is what the caller heard, paced as the provider plays it), the interruptions that
 * cut what was sent but not played, and the caller's audio when the input and the processors
 * in between pass it on (`audioInPassthrough`, the default; else use `RecordingSerializer`).
 * The recording ends with the call (`EndFrame`, `CancelFrame` or cleanup).
 *
 * ```ts
 * const file = createWavFileSink('call.wav');
 * const recorder = new CallRecorder({ sink: file.write });
 * new Pipeline([transport.input(), bot, transport.output(), recorder]);
 * // after the call: await file.close();
 * ```
 */
export class CallRecorder extends FrameProcessor {
  /** The recording this processor feeds. */
  readonly recording: CallRecording;

  constructor(options: CallRecorderOptions) {
    super({ ...options, name: options.name ?? 'CallRecorder' });
    this.recording = new CallRecording(options);
  }

  override async cleanup(): Promise<void> {
    this.recording.finish(this.clock.now());
    await super.cleanup();
  }

  protected override processFrame(frame: Frame, direction: FrameDirection): void {
    if (direction === 'downstream') this.#record(frame);
    this.pushFrame(frame, direction);
  }

  #record(frame: Frame): void {
    const nowMs = this.clock.now();
    if (InputAudioRawFrame.is(frame)) {
      this.recording.callerAudio(frame.audio, frame.sampleRate, frame.numChannels, nowMs);
    } else if (OutputAudioRawFrame.is(frame)) {
      this.recording.botAudio(frame.audio, frame.sampleRate, frame.numChannels, nowMs);
    } else if (InterruptionFrame.is(frame)) {
      this.recording.interrupt(nowMs);
    } else if (StartFrame.is(frame)) {
      this.recording.start(nowMs);
    } else if (EndFrame.is(frame) || CancelFrame.is(frame)) {
      this.recording.finish(nowMs);
    }
  }
}
