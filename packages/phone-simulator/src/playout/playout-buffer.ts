import type { TimelineRecorder } from './timeline-recorder.js';

/** What the playout reports as it plays. */
export interface PlayoutListener {
  /** The audio before mark `name` has played (or nothing was buffered when it came). */
  markPlayed(name: string, atMs: number): void;
  /** Audio started playing after silence: a new bot utterance. */
  utteranceStarted(atMs: number): void;
  /** The utterance ended: the buffer stayed empty for the utterance gap, or a clear cut it. */
  utteranceEnded(atMs: number, reason: 'drained' | 'cleared'): void;
  /** The buffer ran dry inside an utterance and audio came back after `gapMs` (a late message). */
  underrun(gapMs: number, atMs: number): void;
}

/** Options of `PlayoutBuffer`. */
export interface PlayoutBufferOptions {
  /** Sample rate of the buffered audio (the codec rate). */
  sampleRate: number;
  /** Receives what actually played, at its call-time position; none: nothing is kept. */
  recorder?: TimelineRecorder | undefined;
  /** A silence at least this long ends an utterance; a shorter one is an underrun. */
  utteranceGapMs: number;
  /** Most audio held unplayed; audio beyond it is refused. */
  maxBufferedMs: number;
  /** Receives marks played, utterance starts and ends, and underruns. */
  listener: PlayoutListener;
}

interface AudioEntry {
  readonly kind: 'audio';
  readonly samples: number;
  readonly pcm: Int16Array | undefined;
  consumed: number;
}

interface MarkEntry {
  readonly kind: 'mark';
  readonly name: string;
}

type Entry = AudioEntry | MarkEntry;

/** What a clear dropped. */
export interface ClearResult {
  /** Buffered audio dropped, in milliseconds. */
  discardedMs: number;
  /** Names of the marks that were still waiting for their audio, in order. */
  pendingMarks: string[];
}

/**
 * The provider's playback of what the bot sends: audio is buffered and played out on the call's
 * timeline starting when it arrives (or when the audio before it ends); marks wait in line and
 * are reported when the audio before them has played. Time is passed in, so the same code runs
 * on real time and on the simulator's fast virtual timeline. Positions are kept in whole samples
 * so the recording lands exactly where the audio played.
 */
export class PlayoutBuffer {
  readonly #sampleRate: number;
  readonly #recorder: TimelineRecorder | undefined;
  readonly #gapSamples: number;
  readonly #maxBufferedSamples: number;
  readonly #listener: PlayoutListener;
  #queue: Entry[] = [];
  #head = 0;
  #cursor = 0;
  #bufferedSamples = 0;
  #receivedSamples = 0;
  #playedSamples = 0;
  #lastEndSample = 0;
  #utteranceActive = false;

  constructor(options: PlayoutBufferOptions) {
    this.#sampleRate = options.sampleRate;
    this.#recorder = options.recorder;
    this.#gapSamples = this.#toSample(options.utteranceGapMs);
    this.#maxBufferedSamples = this.#toSample(options.maxBufferedMs);
    this.#listener = options.listener;
  }

  /** Audio received and not yet played, in milliseconds (as of the last call). */
  get bufferedMs(): number {
    return this.#toMs(this.#bufferedSamples);
  }

  /** All audio accepted into the buffer, in milliseconds. */
  get receivedMs(): number {
    return this.#toMs(this.#receivedSamples);
  }

  /** All audio played out, in milliseconds. */
  get playedMs(): number {
    return this.#toMs(this.#playedSamples);
  }

  /** True while an utterance is playing or may still continue (within the utterance gap). */
  get utteranceActive(): boolean {
    return this.#utteranceActive;
  }

  /** Call time when the last audio finished playing (0 before any). */
  get lastPlayedEndMs(): number {
    return this.#toMs(this.#lastEndSample);
  }

  /** True when nothing (audio or mark) is waiting. */
  get isEmpty(): boolean {
    return this.#head === this.#queue.length;
  }

  /**
   * Buffers `samples` of audio (`pcm` when it should be recorded) arriving at `nowMs`. Returns
   * false, buffering nothing, when it would exceed the buffer limit.
   */
  enqueueAudio(samples: number, pcm: Int16Array | undefined, nowMs: number): boolean {
    this.advanceTo(nowMs);
    if (this.#bufferedSamples + samples > this.#maxBufferedSamples) return false;
    if (samples === 0) return true;
    if (this.isEmpty) {
      const now = this.#toSample(nowMs);
      if (this.#cursor < now) this.#cursor = now;
      if (this.#utteranceActive) {
        const gap = this.#cursor - this.#lastEndSample;
        if (gap > 0) this.#listener.underrun(this.#toMs(gap), this.#toMs(this.#cursor));
      } else {
        this.#utteranceActive = true;
        this.#listener.utteranceStarted(this.#toMs(this.#cursor));
      }
    }
    this.#queue.push({ kind: 'audio', samples, pcm, consumed: 0 });
    this.#bufferedSamples += samples;
    this.#receivedSamples += samples;
    return true;
  }

  /** Queues mark `name` behind the buffered audio; reports it at once when nothing is buffered. */
  enqueueMark(name: string, nowMs: number): void {
    this.advanceTo(nowMs);
    if (this.isEmpty) {
      this.#listener.markPlayed(name, nowMs);
      return;
    }
    this.#queue.push({ kind: 'mark', name });
  }

  /** Plays everything due up to `nowMs`: records it, reports marks reached and utterance ends. */
  advanceTo(nowMs: number): void {
    const now = this.#toSample(nowMs);
    while (this.#head < this.#queue.length) {
      const entry = this.#queue[this.#head]!;
      if (entry.kind === 'mark') {
        this.#pop();
        this.#listener.markPlayed(entry.name, this.#toMs(this.#cursor));
        continue;
      }
      if (this.#cursor >= now) break;
      const count = Math.min(entry.samples - entry.consumed, now - this.#cursor);
      if (entry.pcm && this.#recorder) {
        this.#recorder.write(
          this.#cursor,
          entry.pcm.subarray(entry.consumed, entry.consumed + count),
        );
      }
      entry.consumed += count;
      this.#cursor += count;
      this.#bufferedSamples -= count;
      this.#playedSamples += count;
      if (entry.consumed < entry.samples) break;
      this.#pop();
      this.#lastEndSample = this.#cursor;
    }
    if (this.#utteranceActive && this.isEmpty && now - this.#lastEndSample >= this.#gapSamples) {
      this.#utteranceActive = false;
      this.#listener.utteranceEnded(this.#toMs(this.#lastEndSample), 'drained');
    }
  }

  /** Stops playback at `nowMs`: drops buffered audio and pending marks, and says what went. */
  clear(nowMs: number): ClearResult {
    this.advanceTo(nowMs);
    const pendingMarks: string[] = [];
    for (let index = this.#head; index < this.#queue.length; index++) {
      const entry = this.#queue[index]!;
      if (entry.kind === 'mark') pendingMarks.push(entry.name);
    }
    const discardedMs = this.#toMs(this.#bufferedSamples);
    this.#queue = [];
    this.#head = 0;
    this.#bufferedSamples = 0;
    const now = this.#toSample(nowMs);
    if (this.#cursor < now) this.#cursor = now;
    this.#lastEndSample = this.#cursor;
    if (this.#utteranceActive) {
      this.#utteranceActive = false;
      this.#listener.utteranceEnded(nowMs, 'cleared');
    }
    return { discardedMs, pendingMarks };
  }

  #pop(): void {
    this.#queue[this.#head] = undefined as unknown as Entry;
    this.#head++;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head >= 64 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  #toSample(ms: number): number {
    return Math.floor((ms * this.#sampleRate) / 1000 + 1e-9);
  }

  #toMs(samples: number): number {
    return (samples * 1000) / this.#sampleRate;
  }
}
