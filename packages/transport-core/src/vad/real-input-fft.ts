/** Smallest transform size: the first two stages are done together, on groups of four. */
const MIN_FFT_SIZE = 4;

/**
 * A radix-2 decimation-in-time FFT of real input, in place, with its twiddles and bit-reversal
 * table computed once. Real input lets the first two stages skip the imaginary half, and a
 * twiddle of 1 needs no multiplication; every other operation is the textbook complex butterfly,
 * in the textbook order. So each output equals the plain complex FFT's (twiddle `cos − i·sin`
 * of `2π·k / size`) bit for bit, apart from the sign of some zeros (`−0` for `+0`), which no
 * magnitude can see.
 */
export class RealInputFft {
  /** Points of the transform (a power of two, at least 4). */
  readonly size: number;
  /** Real parts of the spectrum after `transform` (bins `0…size`). */
  readonly real: Float64Array;
  /** Imaginary parts of the spectrum after `transform`. */
  readonly imaginary: Float64Array;
  readonly #cosines: Float64Array;
  readonly #sines: Float64Array;
  readonly #reversed: Uint32Array;

  /** @param size points of the transform: a power of two, at least 4 */
  constructor(size: number) {
    if (!(Number.isInteger(size) && size >= MIN_FFT_SIZE && (size & (size - 1)) === 0)) {
      throw new RangeError(`FFT size must be a power of two ≥ ${MIN_FFT_SIZE}, got ${size}`);
    }
    this.size = size;
    this.real = new Float64Array(size);
    this.imaginary = new Float64Array(size);
    this.#cosines = new Float64Array(size / 2);
    this.#sines = new Float64Array(size / 2);
    for (let index = 0; index < size / 2; index++) {
      this.#cosines[index] = Math.cos((2 * Math.PI * index) / size);
      this.#sines[index] = -Math.sin((2 * Math.PI * index) / size);
    }
    this.#reversed = new Uint32Array(size);
    const bits = Math.log2(size);
    for (let index = 0; index < size; index++) {
      let reversed = 0;
      for (let bit = 0; bit < bits; bit++) reversed |= ((index >> bit) & 1) << (bits - 1 - bit);
      this.#reversed[index] = reversed;
    }
  }

  /**
   * Transforms `samples · taper` (both as long, at most `size`; the rest is zero) into `real`
   * and `imaginary`.
   */
  transform(samples: Float64Array, taper: Float64Array): void {
    const real = this.real;
    const reversed = this.#reversed;
    if (taper.length < this.size) real.fill(0);
    for (let index = 0; index < taper.length; index++) {
      real[reversed[index]!] = samples[index]! * taper[index]!;
    }
    this.#firstTwoStages();
    this.#laterStages();
  }

  /**
   * Spans 1 and 2 on each group of four real values: the span-1 twiddle is 1, and of span 2's
   * the first is 1 and the second `cos(π/2) − i` (its real part 6e-17, not 0, is kept).
   */
  #firstTwoStages(): void {
    const real = this.real;
    const imaginary = this.imaginary;
    const quarterTurnCosine = this.#cosines[this.size / 4]!;
    for (let start = 0; start < this.size; start += 4) {
      const first = real[start]!;
      const second = real[start + 1]!;
      const third = real[start + 2]!;
      const fourth = real[start + 3]!;
      const sum01 = first + second;
      const difference01 = first - second;
      const sum23 = third + fourth;
      const difference23 = third - fourth;
      const turned = difference23 * quarterTurnCosine;
      real[start] = sum01 + sum23;
      real[start + 1] = difference01 + turned;
      real[start + 2] = sum01 - sum23;
      real[start + 3] = difference01 - turned;
      imaginary[start] = 0;
      imaginary[start + 1] = -difference23;
      imaginary[start + 2] = 0;
      imaginary[start + 3] = difference23;
    }
  }

  /** Spans 4 and up: complex butterflies, the first of each group (twiddle 1) without products. */
  #laterStages(): void {
    const real = this.real;
    const imaginary = this.imaginary;
    const cosines = this.#cosines;
    const sines = this.#sines;
    const size = this.size;
    for (let span = 4; span < size; span *= 2) {
      const step = size / (2 * span);
      for (let start = 0; start < size; start += 2 * span) {
        const odd = start + span;
        const oddReal = real[odd]!;
        const oddImaginary = imaginary[odd]!;
        real[odd] = real[start]! - oddReal;
        imaginary[odd] = imaginary[start]! - oddImaginary;
        real[start] = real[start]! + oddReal;
        imaginary[start] = imaginary[start]! + oddImaginary;
      }
      for (let offset = 1; offset < span; offset++) {
        const cosine = cosines[offset * step]!;
        const sine = sines[offset * step]!;
        for (let even = offset; even < size; even += 2 * span) {
          const odd = even + span;
          const oddReal = real[odd]! * cosine - imaginary[odd]! * sine;
          const oddImaginary = real[odd]! * sine + imaginary[odd]! * cosine;
          real[odd] = real[even]! - oddReal;
          imaginary[odd] = imaginary[even]! - oddImaginary;
          real[even] = real[even]! + oddReal;
          imaginary[even] = imaginary[even]! + oddImaginary;
        }
      }
    }
  }
}
