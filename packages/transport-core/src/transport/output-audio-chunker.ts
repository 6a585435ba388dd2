import { downmixToMono, StreamResampler, upmixMono } from '../audio/index.js';
import type { AudioRaw } from '../frames/audio-frames.js';

/**
 * Converts bot audio of any rate and channel count to the output format and cuts it into chunks
 * of a fixed size. Resampler state carries across frames (no clicks at frame boundaries); `flush`
 * releases the resampler's tail and the partial chunk, padded with silence, at the end of an
 * utterance; `reset` drops both after an interruption.
 */
export class OutputAudioChunker<Source extends AudioRaw> {
  readonly outputRate: number;
  readonly outputChannels: number;
  /** Samples per chunk, all channels counted. */
  readonly chunkSamples: number;
  readonly #onChunk: (chunk: Int16Array, source: Source) => void;
  #resamplers: StreamResampler[] = [];
  #resamplerInputRate = 0;
  #chunk: Int16Array;
  #filled = 0;
  #source: Source | undefined;

  constructor(
    outputRate: number,
    outputChannels: number,
    chunkSamples: number,
    onChunk: (chunk: Int16Array, source: Source) => void,
  ) {
    this.outputRate = outputRate;
    this.outputChannels = outputChannels;
    this.chunkSamples = chunkSamples;
    this.#onChunk = onChunk;
    this.#chunk = new Int16Array(chunkSamples);
  }

  /** Samples waiting in the partial chunk. */
  get pendingSamples(): number {
    return this.#filled;
  }

  /**
   * Adds a frame's audio; calls `onChunk` for every chunk it completes, with the frame that
   * completed it.
   * @throws RangeError for a channel count other than 1 or 2.
   */
  push(frame: Source): void {
    const channels = frame.numChannels;
    if (channels !== 1 && channels !== 2) {
      throw new RangeError(`bot audio must be mono or stereo, got ${channels} channels`);
    }
    this.#source = frame;
    const converted = convertChannels(frame.audio, channels, this.outputChannels);
    if (frame.sampleRate === this.outputRate) {
      if (this.#resamplers.length > 0) this.#flushResamplers();
      this.#append(converted);
      return;
    }
    if (frame.sampleRate !== this.#resamplerInputRate) {
      this.#flushResamplers();
      this.#resamplerInputRate = frame.sampleRate;
      this.#resamplers = Array.from(
        { length: this.outputChannels },
        () => new StreamResampler(frame.sampleRate, this.outputRate),
      );
    }
    this.#append(this.#resample(converted, (resampler, samples) => resampler.process(samples)));
  }

  /** Releases the resampler tail and the partial chunk (padded with silence). */
  flush(): void {
    this.#flushResamplers();
    this.completePartialChunk();
  }

  /**
   * Releases the partial chunk now, padded with silence, keeping the resampler's history (the
   * audio goes on): everything pushed so far is then in released chunks.
   */
  completePartialChunk(): void {
    if (this.#filled === 0 || !this.#source) return;
    const chunk = this.#chunk;
    this.#chunk = new Int16Array(this.chunkSamples);
    this.#filled = 0;
    this.#onChunk(chunk, this.#source);
  }

  /** Drops the partial chunk and the resampler history. */
  reset(): void {
    for (const resampler of this.#resamplers) resampler.reset();
    if (this.#filled > 0) {
      this.#chunk = new Int16Array(this.chunkSamples);
      this.#filled = 0;
    }
  }

  #flushResamplers(): void {
    if (this.#resamplers.length === 0) return;
    const tail = this.#resample(new Int16Array(0), (resampler) => resampler.flush());
    this.#resamplers = [];
    this.#resamplerInputRate = 0;
    this.#append(tail);
  }

  #resample(
    interleaved: Int16Array,
    step: (resampler: StreamResampler, samples: Int16Array) => Int16Array,
  ): Int16Array {
    const resamplers = this.#resamplers;
    if (resamplers.length === 1) return step(resamplers[0]!, interleaved);
    const left = new Int16Array(interleaved.length / 2);
    const right = new Int16Array(interleaved.length / 2);
    for (let index = 0; index < left.length; index++) {
      left[index] = interleaved[index * 2]!;
      right[index] = interleaved[index * 2 + 1]!;
    }
    const leftOut = step(resamplers[0]!, left);
    const rightOut = step(resamplers[1]!, right);
    const frames = Math.min(leftOut.length, rightOut.length);
    const result = new Int16Array(frames * 2);
    for (let index = 0; index < frames; index++) {
      result[index * 2] = leftOut[index]!;
      result[index * 2 + 1] = rightOut[index]!;
    }
    return result;
  }

  #append(samples: Int16Array): void {
    let offset = 0;
    while (offset < samples.length) {
      const taken = Math.min(this.chunkSamples - this.#filled, samples.length - offset);
      this.#chunk.set(samples.subarray(offset, offset + taken), this.#filled);
      this.#filled += taken;
      offset += taken;
      if (this.#filled === this.chunkSamples) {
        const chunk = this.#chunk;
        this.#chunk = new Int16Array(this.chunkSamples);
        this.#filled = 0;
        this.#onChunk(chunk, this.#source!);
      }
    }
  }
}

function convertChannels(audio: Int16Array, from: number, to: number): Int16Array {
  if (from === to) {
    return audio.length % to === 0 ? audio : audio.subarray(0, audio.length - (audio.length % to));
  }
  return from === 1 ? upmixMono(audio, to) : downmixToMono(audio, from);
}
