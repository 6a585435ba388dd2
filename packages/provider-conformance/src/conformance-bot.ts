import {
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  InputDTMFFrame,
  PlaybackClearedFrame,
  PlaybackMarkPlayedFrame,
  StreamStartedFrame,
} from '@x/transport-core';
import { concatPcm } from './echo-audio.js';

/** Default bound on `ConformanceBot.waitFor`, in milliseconds. */
export const DEFAULT_BOT_WAIT_MS = 5_000;

/** A playback mark the provider answered, as the bot heard of it. */
export interface PlayedMark {
  name: string;
  /** True when a clear dropped the audio before the mark instead of it being played. */
  cleared: boolean;
}

interface Waiter {
  readonly condition: () => boolean;
  readonly resolve: () => void;
}

/**
 * The bot of a conformance call: it passes every frame on and keeps what the provider's
 * serializer told the pipeline (stream start, caller audio, keys pressed, marks answered,
 * clears confirmed). The tests speak for it through the call's task.
 */
export class ConformanceBot extends FrameProcessor {
  /** The stream's start, once it came. */
  streamStarted: StreamStartedFrame | undefined;
  /** Caller audio chunks at the pipeline's input rate, in order. */
  readonly callerAudio: Int16Array[] = [];
  /** Keys the caller pressed, in order. */
  readonly dtmf: string[] = [];
  /** Marks the provider answered, in order. */
  readonly marksPlayed: PlayedMark[] = [];
  /** `PlaybackClearedFrame`s received (providers that confirm clears). */
  playbackClears = 0;
  readonly #waiters = new Set<Waiter>();

  constructor() {
    super({ name: 'ConformanceBot' });
  }

  /** Samples of caller audio received so far. */
  get callerSamples(): number {
    return this.callerAudio.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  /** Every caller sample received so far, in one buffer. */
  callerAudioSoFar(): Int16Array {
    return concatPcm(this.callerAudio);
  }

  /**
   * Resolves once `condition` holds (checked now and after every frame); rejects after
   * `timeoutMs` with `description` in the message.
   */
  waitFor(
    description: string,
    condition: () => boolean,
    timeoutMs: number = DEFAULT_BOT_WAIT_MS,
  ): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        condition,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`the bot did not see ${description} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    this.#record(frame);
    this.pushFrame(frame, direction);
    for (const waiter of [...this.#waiters]) {
      if (!waiter.condition()) continue;
      this.#waiters.delete(waiter);
      waiter.resolve();
    }
  }

  #record(frame: Frame): void {
    if (StreamStartedFrame.is(frame)) this.streamStarted = frame;
    else if (InputAudioRawFrame.is(frame)) this.callerAudio.push(frame.audio);
    else if (InputDTMFFrame.is(frame)) this.dtmf.push(frame.button);
    else if (PlaybackMarkPlayedFrame.is(frame)) {
      this.marksPlayed.push({ name: frame.markName, cleared: frame.cleared });
    } else if (PlaybackClearedFrame.is(frame)) this.playbackClears++;
  }
}
