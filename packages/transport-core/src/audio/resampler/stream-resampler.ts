import { type FilterDesign, type PolyphaseFilter, polyphaseFilterFor } from './kaiser-filter.js';

/** Options of `StreamResampler`. */
export interface StreamResamplerOptions {
  /**
   * Passband edge as a fraction of the lower rate's Nyquist frequency (0 < x < 1); the stopband
   * always starts at that Nyquist frequency, so nothing aliases. Narrower transitions cost more.
   */
  passbandFraction?: number;
  /** Attenuation of everything above the lower rate's Nyquist frequency, in dB (≥ 20). */
  stopbandAttenuationDb?: number;
}

/** Defaults of `StreamResamplerOptions`. */
export const STREAM_RESAMPLER_DEFAULTS: Readonly<Required<StreamResamplerOptions>> = Object.freeze({
  passbandFraction: 0.9,
  stopbandAttenuationDb: 80,
});

const EMPTY = new Int16Array(0);
const INT16_MAX = 32_767;
const INT16_MIN = -32_768;

/**
 * Streaming mono PCM16 sample-rate converter (polyphase windowed-sinc, Kaiser window). Use one
 * instance per direction per call. Output sample `k` sits exactly at input time
 * `k × inputRate / outputRate` (no added delay in the signal); each `process` call holds back the
 * last few milliseconds of input until the samples after them arrive, and `flush` releases them.
 * Over a whole stream, `process` + `flush` return `ceil(n × outputRate / inputRate)` samples for `n`
 * input samples, identical however the input was split into chunks.
 */
export class StreamResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  readonly #filter: PolyphaseFilter | undefined;
  /** Pending input: the samples the next output's window starts at, and after. */
  #buffer: Float64Array;
  #bufferLength = 0;
  /** Buffer index of the first sample in the next output's window. */
  #windowStart = 0;
  /** Phase (0 … upFactor − 1) of the next output between two input samples. */
  #phase = 0;

  constructor(inputRate: number, outputRate: number, options: StreamResamplerOptions = {}) {
    assertSampleRate('input', inputRate);
    assertSampleRate('output', outputRate);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const design = resolveDesign(options);
    this.#filter =
      inputRate === outputRate ? undefined : polyphaseFilterFor(inputRate, outputRate, design);
    this.#buffer = new Float64Array(this.#filter ? this.#filter.tapsPerPhase * 2 : 0);
    this.#startUtterance();
  }

  /**
   * Converts the next chunk of the stream. Returns the outputs whose input is complete; may be
   * shorter (or, after short chunks, longer) than the rate ratio suggests. With equal rates,
   * returns `chunk` itself.
   */
  process(chunk: Int16Array): Int16Array {
    const filter = this.#filter;
    if (!filter) return chunk;
    this.#append(chunk);
    return this.#produce(filter);
  }

  /** Returns the held-back tail of the utterance, then starts afresh for the next one. */
  flush(): Int16Array {
    const filter = this.#filter;
    if (!filter) return EMPTY;
    this.#ensureCapacity(this.#bufferLength + filter.lookaheadSamples);
    this.#buffer.fill(0, this.#bufferLength, this.#bufferLength + filter.lookaheadSamples);
    this.#bufferLength += filter.lookaheadSamples;
    const tail = this.#produce(filter);
    this.#startUtterance();
    return tail;
  }

  /** Drops all held-back input without output (after an interruption). */
  reset(): void {
    this.#startUtterance();
  }

  #startUtterance(): void {
    const filter = this.#filter;
    if (!filter) return;
    // The first output's window reaches back before the stream; those samples are silence.
    this.#bufferLength = filter.lookaheadSamples - 1;
    this.#buffer.fill(0, 0, this.#bufferLength);
    this.#windowStart = 0;
    this.#phase = 0;
  }

  #append(chunk: Int16Array): void {
    this.#ensureCapacity(this.#bufferLength + chunk.length);
    this.#buffer.set(chunk, this.#bufferLength);
    this.#bufferLength += chunk.length;
  }

  #ensureCapacity(capacity: number): void {
    if (capacity <= this.#buffer.length) return;
    const grown = new Float64Array(Math.max(capacity, this.#buffer.length * 2));
    grown.set(this.#buffer.subarray(0, this.#bufferLength));
    this.#buffer = grown;
  }

  #produce(filter: PolyphaseFilter): Int16Array {
    const { upFactor, downFactor, tapsPerPhase, coefficients } = filter;
    const buffer = this.#buffer;
    let windowStart = this.#windowStart;
    let phase = this.#phase;
    // Outputs whose whole window is buffered: position (in 1/upFactor input samples) below limit.
    const limit = (this.#bufferLength - tapsPerPhase + 1) * upFactor;
    const position = windowStart * upFactor + phase;
    const count = limit > position ? Math.ceil((limit - position) / downFactor) : 0;
    if (count === 0) return EMPTY;
    const output = new Int16Array(count);
    const wholeStep = Math.floor(downFactor / upFactor);
    const phaseStep = downFactor % upFactor;
    for (let index = 0; index < count; index++) {
      // Four running sums break the floating-point add chain (about 1.5× faster than one). The
      // order of additions depends only on the filter, so chunking never changes the result.
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      let coefficient = phase * tapsPerPhase;
      const end = windowStart + tapsPerPhase;
      for (let sample = windowStart; sample < end; sample += 4, coefficient += 4) {
        sum0 += buffer[sample]! * coefficients[coefficient]!;
        sum1 += buffer[sample + 1]! * coefficients[coefficient + 1]!;
        sum2 += buffer[sample + 2]! * coefficients[coefficient + 2]!;
        sum3 += buffer[sample + 3]! * coefficients[coefficient + 3]!;
      }
      const sum = sum0 + sum1 + (sum2 + sum3);
      output[index] = sum >= INT16_MAX ? INT16_MAX : sum <= INT16_MIN ? INT16_MIN : Math.round(sum);
      windowStart += wholeStep;
      phase += phaseStep;
      if (phase >= upFactor) {
        phase -= upFactor;
        windowStart++;
      }
    }
    // Keep only what later outputs still read.
    buffer.copyWithin(0, windowStart, this.#bufferLength);
    this.#bufferLength -= windowStart;
    this.#windowStart = 0;
    this.#phase = phase;
    return output;
  }
}

/** Converts a whole signal at once (`process` then `flush` on a fresh resampler). */
export function resample(pcm: Int16Array, inputRate: number, outputRate: number): Int16Array {
  if (inputRate === outputRate) {
    assertSampleRate('input', inputRate);
    return pcm;
  }
  const resampler = new StreamResampler(inputRate, outputRate);
  const body = resampler.process(pcm);
  const tail = resampler.flush();
  const output = new Int16Array(body.length + tail.length);
  output.set(body);
  output.set(tail, body.length);
  return output;
}

function assertSampleRate(which: string, rate: number): void {
  if (!Number.isInteger(rate) || rate <= 0) {
    throw new RangeError(`${which} sample rate must be a positive integer in Hz, got ${rate}`);
  }
}

function resolveDesign(options: StreamResamplerOptions): FilterDesign {
  const passbandFraction = options.passbandFraction ?? STREAM_RESAMPLER_DEFAULTS.passbandFraction;
  const stopbandAttenuationDb =
    options.stopbandAttenuationDb ?? STREAM_RESAMPLER_DEFAULTS.stopbandAttenuationDb;
  if (!(passbandFraction > 0 && passbandFraction < 1)) {
    throw new RangeError(`passbandFraction must be between 0 and 1, got ${passbandFraction}`);
  }
  if (!(stopbandAttenuationDb >= 20 && stopbandAttenuationDb <= 200)) {
    throw new RangeError(
      `stopbandAttenuationDb must be between 20 and 200 dB, got ${stopbandAttenuationDb}`,
    );
  }
  return { passbandFraction, stopbandAttenuationDb };
}
