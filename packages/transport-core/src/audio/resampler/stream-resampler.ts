import { type FilterDesign, type PolyphaseFilter, polyphaseFilterFor } from './kaiser-filter.js';
import {
  javascriptKernel,
  type PolyphaseKernel,
  type ResamplerKernelName,
} from './polyphase-kernel.js';
import { wasmSimdKernel } from './wasm-simd-kernel.js';

/** Options of `StreamResampler`. */
export interface StreamResamplerOptions {
  /**
   * Passband edge as a fraction of the lower rate's Nyquist frequency (0 < x < 1); the stopband
   * always starts at that Nyquist frequency, so nothing aliases. Narrower transitions cost more.
   */
  passbandFraction?: number;
  /** Attenuation of everything above the lower rate's Nyquist frequency, in dB (20 to 200). */
  stopbandAttenuationDb?: number;
  /**
   * Inner loop: `'auto'` uses WebAssembly SIMD when the runtime has it (about 8× faster) and
   * JavaScript otherwise; `'wasm-simd'` requires it; `'javascript'` forces the portable loop.
   */
  kernel?: 'auto' | ResamplerKernelName;
}

/** Defaults of `StreamResamplerOptions`. */
export const STREAM_RESAMPLER_DEFAULTS: Readonly<Required<StreamResamplerOptions>> = Object.freeze({
  passbandFraction: 0.9,
  stopbandAttenuationDb: 80,
  kernel: 'auto',
});

/**
 * Outputs computed per kernel call; bounds the scratch memory a call needs however large the
 * chunk (a whole file through `resample`).
 */
const MAX_OUTPUTS_PER_KERNEL_CALL = 2048;

const EMPTY = new Int16Array(0);

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
  /** The inner loop in use. */
  readonly kernel: ResamplerKernelName;
  readonly #filter: PolyphaseFilter | undefined;
  readonly #kernel: PolyphaseKernel;
  /** Pending input, starting with the first sample the next output reads. */
  #buffer: Float32Array;
  #bufferLength = 0;
  /** Phase (0 … upFactor − 1) of the next output between two input samples. */
  #phase = 0;

  constructor(inputRate: number, outputRate: number, options: StreamResamplerOptions = {}) {
    assertSampleRate('input', inputRate);
    assertSampleRate('output', outputRate);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const design = resolveDesign(options);
    this.#kernel = resolveKernel(options.kernel ?? STREAM_RESAMPLER_DEFAULTS.kernel);
    this.kernel = this.#kernel.name;
    this.#filter =
      inputRate === outputRate ? undefined : polyphaseFilterFor(inputRate, outputRate, design);
    this.#buffer = new Float32Array(this.#filter ? this.#filter.tapsPerPhase * 2 : 0);
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
    this.#ensureCapacity(this.#bufferLength + chunk.length);
    this.#buffer.set(chunk, this.#bufferLength);
    this.#bufferLength += chunk.length;
    return this.#produce(filter);
  }

  /** Returns the held-back tail of the utterance, then starts afresh for the next one. */
  flush(): Int16Array {
    const filter = this.#filter;
    if (!filter) return EMPTY;
    // The last outputs' windows reach past the stream's end; those samples are silence.
    const padding = filter.lookaheadSamples;
    this.#ensureCapacity(this.#bufferLength + padding);
    this.#buffer.fill(0, this.#bufferLength, this.#bufferLength + padding);
    this.#bufferLength += padding;
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
    this.#phase = 0;
  }

  #ensureCapacity(capacity: number): void {
    if (capacity <= this.#buffer.length) return;
    const grown = new Float32Array(Math.max(capacity, this.#buffer.length * 2));
    grown.set(this.#buffer.subarray(0, this.#bufferLength));
    this.#buffer = grown;
  }

  #produce(filter: PolyphaseFilter): Int16Array {
    const { upFactor, downFactor, tapsPerPhase } = filter;
    // Positions are in 1/upFactor input samples from the buffer's start. An output can be computed
    // when its whole window is buffered, i.e. its position is below `limit`.
    const limit = (this.#bufferLength - tapsPerPhase + 1) * upFactor;
    let position = this.#phase;
    const count = limit > position ? Math.ceil((limit - position) / downFactor) : 0;
    if (count === 0) return EMPTY;
    const output = new Int16Array(count);
    for (let done = 0; done < count; done += MAX_OUTPUTS_PER_KERNEL_CALL) {
      const batch = Math.min(MAX_OUTPUTS_PER_KERNEL_CALL, count - done);
      const windowStart = Math.floor(position / upFactor);
      const lastWindowStart = Math.floor((position + (batch - 1) * downFactor) / upFactor);
      this.#kernel.convolve(
        filter,
        this.#buffer.subarray(windowStart, lastWindowStart + tapsPerPhase),
        position - windowStart * upFactor,
        output.subarray(done, done + batch),
      );
      position += batch * downFactor;
    }
    // Keep only what later outputs still read.
    const consumed = Math.floor(position / upFactor);
    this.#buffer.copyWithin(0, consumed, this.#bufferLength);
    this.#bufferLength -= consumed;
    this.#phase = position - consumed * upFactor;
    return output;
  }
}

/** Converts a whole signal at once (`process` then `flush` on a fresh resampler). */
export function resample(
  pcm: Int16Array,
  inputRate: number,
  outputRate: number,
  options: StreamResamplerOptions = {},
): Int16Array {
  const resampler = new StreamResampler(inputRate, outputRate, options);
  const body = resampler.process(pcm);
  const tail = resampler.flush();
  if (tail.length === 0) return body;
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

function resolveKernel(kernel: 'auto' | ResamplerKernelName): PolyphaseKernel {
  switch (kernel) {
    case 'auto':
      return wasmSimdKernel() ?? javascriptKernel;
    case 'javascript':
      return javascriptKernel;
    case 'wasm-simd': {
      const simd = wasmSimdKernel();
      if (!simd) {
        throw new Error('kernel "wasm-simd" requested but this runtime has no WebAssembly SIMD');
      }
      return simd;
    }
    default:
      throw new RangeError(
        `kernel must be 'auto', 'wasm-simd' or 'javascript', got ${String(kernel)}`,
      );
  }
}
