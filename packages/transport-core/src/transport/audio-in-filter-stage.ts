import type { AudioInFilter } from '../audio/audio-in-filter.js';
import { InputAudioRawFrame } from '../frames/audio-frames.js';
import type { Logger } from '../logging/logger.js';

/**
 * Runs the transport's `audioInFilter` on caller frames: starts it with the input's rate, turns
 * it off and on (`FilterEnableFrame`), and stops it once. A filter that fails to start, throws,
 * or returns another number of samples is stopped with an error log, and the call goes on with
 * the caller audio as it came: a broken filter never ends a call or loses audio.
 */
export class AudioInFilterStage {
  #filter: AudioInFilter | undefined;
  #logger: Logger | undefined;
  #started = false;
  #enabled = true;

  constructor(filter: AudioInFilter) {
    this.#filter = filter;
  }

  /** True while frames go through the filter: started, enabled, not failed or stopped. */
  get active(): boolean {
    return this.#started && this.#enabled && this.#filter !== undefined;
  }

  /**
   * Starts the filter; returns a promise when its `start` does (the input waits for it). A start
   * that throws or rejects leaves the audio unfiltered.
   */
  start(sampleRate: number, numChannels: number, logger: Logger): Promise<void> | undefined {
    this.#logger = logger;
    const filter = this.#filter;
    if (!filter) return undefined;
    let started: Promise<void> | void;
    try {
      started = filter.start(sampleRate, numChannels);
    } catch (error) {
      this.#failed(error, 'could not start');
      return undefined;
    }
    if (!(started instanceof Promise)) {
      this.#started = true;
      return undefined;
    }
    return started.then(
      () => {
        if (this.#filter === filter) this.#started = true;
      },
      (error: unknown) => this.#failed(error, 'could not start'),
    );
  }

  /** The frame with its audio filtered (a new frame, without `wireAudio`), or as it came. */
  apply(frame: InputAudioRawFrame): InputAudioRawFrame {
    const filter = this.#filter;
    if (!filter || !this.#started || !this.#enabled) return frame;
    let filtered: Int16Array;
    try {
      filtered = filter.filter(frame.audio);
    } catch (error) {
      this.#failed(error, 'failed');
      return frame;
    }
    if (!(filtered instanceof Int16Array) || filtered.length !== frame.audio.length) {
      const got = filtered instanceof Int16Array ? `${filtered.length} samples` : typeof filtered;
      this.#failed(
        new RangeError(`filter() returned ${got} for ${frame.audio.length} samples`),
        'broke its contract',
      );
      return frame;
    }
    return new InputAudioRawFrame(filtered, frame.sampleRate, frame.numChannels);
  }

  /** Turns the filter off or back on; back on, it is reset first. Returns false without a filter. */
  setEnabled(enabled: boolean): boolean {
    const filter = this.#filter;
    if (!filter) return false;
    if (enabled && !this.#enabled) {
      try {
        filter.reset?.();
      } catch (error) {
        this.#failed(error, 'could not reset');
        return true;
      }
    }
    this.#enabled = enabled;
    return true;
  }

  /** Stops the filter (once); later frames pass as they came. */
  stop(): void {
    const filter = this.#filter;
    if (!filter) return;
    this.#filter = undefined;
    this.#stopFilter(filter);
  }

  #failed(error: unknown, what: string): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.#logger?.error(
      { err: error },
      `audioInFilter ${what} (${reason}); caller audio goes on unfiltered for the rest of the call`,
    );
    this.stop();
  }

  #stopFilter(filter: AudioInFilter): void {
    const onError = (error: unknown): void => {
      this.#logger?.warn({ err: error }, 'audioInFilter could not stop cleanly');
    };
    try {
      const stopped = filter.stop();
      if (stopped instanceof Promise) stopped.catch(onError);
    } catch (error) {
      onError(error);
    }
  }
}
