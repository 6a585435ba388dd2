import { join } from 'node:path';
import type { IncomingCall } from '@x/telephony-server';
import {
  type CallData,
  CallRecording,
  type Clock,
  createWavFileSink,
  type FrameSerializer,
  type Logger,
  RecordingSerializer,
  systemClock,
  type WavFileSink,
} from '@x/transport-core';

/** Sample rate of the recordings, in Hz: the calls' own 8 kHz. */
export const CALL_RECORDING_SAMPLE_RATE = 8000;

/** Options of `CallRecordings`. */
export interface CallRecordingsOptions {
  /** The folder the WAV files go to (`RECORD_DIR`, checked at startup). */
  directory: string;
  /** The calls' pipeline clock (the demo's pipelines run on the system clock). */
  clock?: Clock;
  /** The wall-clock time a call's file is named after; default `new Date()`. */
  now?: () => Date;
}

/** Characters a file name keeps from a call id; the rest become `_`. */
const UNSAFE_FILE_NAME_CHARACTERS = /[^A-Za-z0-9_-]/g;

/**
 * The file a call is recorded to: `<provider>-<callId>-<ISO time>.wav`, the time in UTC with `-`
 * for `:` (which some file systems refuse), e.g. `twilio-CA123-2026-12-07T13-36-05.123Z.wav`.
 */
export function recordingFileName(label: string, callId: string, startedAt: Date): string {
  const safeId = callId.replace(UNSAFE_FILE_NAME_CHARACTERS, '_') || 'unknown';
  const time = startedAt.toISOString().replaceAll(':', '-');
  return `${label.replace(UNSAFE_FILE_NAME_CHARACTERS, '_')}-${safeId}-${time}.wav`;
}

/** One call being recorded. */
interface ActiveRecording {
  readonly recording: CallRecording;
  readonly file: WavFileSink;
}

/**
 * `RECORD_DIR`: records each call to its own stereo WAV (caller left, bot right) in `directory`.
 * The server kit puts `transport.output()` last, so the recording is fed from the wire through a
 * `RecordingSerializer` (the kit's `wrapSerializer`); `finish` closes the file when the call ends.
 */
export class CallRecordings {
  readonly #directory: string;
  readonly #clock: Clock;
  readonly #now: () => Date;
  /** Keyed by the call's data, which the incoming call and the served call share. */
  readonly #active = new WeakMap<CallData, ActiveRecording>();

  constructor(options: CallRecordingsOptions) {
    this.#directory = options.directory;
    this.#clock = options.clock ?? systemClock;
    this.#now = options.now ?? (() => new Date());
  }

  /** Wraps a call's serializer so the call is recorded (the file is created at its first bytes). */
  wrap(serializer: FrameSerializer, call: IncomingCall): FrameSerializer {
    const name = recordingFileName(call.label, call.data.callId, this.#now());
    const file = createWavFileSink(join(this.#directory, name));
    const recording = new CallRecording({
      sink: file.write,
      sampleRate: CALL_RECORDING_SAMPLE_RATE,
    });
    this.#active.set(call.data, { recording, file });
    return new RecordingSerializer(serializer, recording, this.#clock);
  }

  /** Ends the recording of a call that has ended and closes its file (errors are logged). */
  async finish(call: { readonly data: CallData; readonly logger: Logger }): Promise<void> {
    const active = this.#active.get(call.data);
    if (!active) return;
    this.#active.delete(call.data);
    active.recording.finish(this.#clock.now());
    try {
      await active.file.close();
      call.logger.info({ file: active.file.path }, 'call recorded');
    } catch (error) {
      call.logger.error({ err: error }, 'the call recording could not be written');
    }
  }
}
