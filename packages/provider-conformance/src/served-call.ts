import {
  type CallData,
  EndFrame,
  type FrameSerializer,
  InterruptionFrame,
  OutputAudioRawFrame,
  OutputDTMFFrame,
  type PipelineTask,
  PlaybackMarkFrame,
  type VerificationResult,
} from '@x/transport-core';
import type { CallLog } from './call-log.js';
import type { ConformanceBot } from './conformance-bot.js';

/** A stream the suite's server accepted and detected, served or refused. */
export interface ServedStream {
  /** What the stream's start message said. */
  readonly callData: CallData;
  /** The upgrade passed the provider's `verifyUpgrade`. */
  readonly upgradeVerified: boolean;
  /** What `checkStream` said: ok only for a stream that proved its call. */
  readonly streamCheck: VerificationResult;
  /** The call, when a pipeline was started for the stream; undefined when it was refused. */
  readonly call: ServedCall | undefined;
}

/** One call the suite's server runs: the provider's serializer, the transport and the bot. */
export class ServedCall {
  /** The serializer the provider made for the call. */
  readonly serializer: FrameSerializer;
  /** The bot in the middle of the pipeline. */
  readonly bot: ConformanceBot;
  /** What the transport and the serializer logged. */
  readonly log: CallLog;
  /** Resolves once the pipeline has finished (the call is over on the bot's side). */
  readonly finished: Promise<void>;
  readonly #task: PipelineTask;

  constructor(
    task: PipelineTask,
    serializer: FrameSerializer,
    bot: ConformanceBot,
    log: CallLog,
    finished: Promise<void>,
  ) {
    this.#task = task;
    this.serializer = serializer;
    this.bot = bot;
    this.log = log;
    this.finished = finished;
  }

  /** The bot says `audio` (mono PCM16 at `sampleRate`). */
  say(audio: Int16Array, sampleRate: number): void {
    this.#task.queueFrame(new OutputAudioRawFrame(audio, sampleRate));
  }

  /** The bot asks to hear when everything said so far has played. */
  mark(name: string): void {
    this.#task.queueFrame(new PlaybackMarkFrame(name));
  }

  /** The caller barged in: the bot stops talking at once. */
  interrupt(): void {
    this.#task.queueFrame(new InterruptionFrame());
  }

  /** The bot presses keys on the line, after what it said. */
  sendDtmf(digits: string): void {
    this.#task.queueFrame(new OutputDTMFFrame(digits));
  }

  /** The bot ends the call (graceful end: drain, hang up, close); resolves once it is over. */
  async end(): Promise<void> {
    this.#task.queueFrame(new EndFrame());
    await this.finished;
  }
}
