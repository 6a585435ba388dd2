/** Lowest frequency compared, in Hz: the telephone band starts at 300 Hz. */
const STEADINESS_LOW_HZ = 300;

/**
 * How alike the magnitude spectra of successive windows are (0–1): the normalised correlation of
 * their Hann-windowed magnitude spectra from 300 Hz up. Sustained notes and chords keep their
 * spectral peaks from one 32 ms window to the next (about 0.99 for music); a voice moves its
 * harmonics and formants (about 0.8, rarely above 0.97).
 */
export class SpectralSteadiness {
  readonly #size: number;
  readonly #real: Float64Array;
  readonly #imaginary: Float64Array;
  readonly #taper: Float64Array;
  readonly #cosines: Float64Array;
  readonly #sines: Float64Array;
  readonly #reversed: Uint32Array;
  readonly #firstBin: number;
  #magnitudes: Float64Array;
  #previousMagnitudes: Float64Array;
  #hasPrevious = false;
  #similarity = 0;

  /**
   * @param analysisRate samples per second of the windows given to `analyse`
   * @param windowSamples samples per window (padded with zeros to a power of two)
   */
  constructor(analysisRate: number, windowSamples: number) {
    let size = 2;
    while (size < windowSamples) size *= 2;
    this.#size = size;
    this.#real = new Float64Array(size);
    this.#imaginary = new Float64Array(size);
    this.#taper = new Float64Array(windowSamples);
    for (let index = 0; index < windowSamples; index++) {
      this.#taper[index] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (index + 0.5)) / windowSamples);
    }
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
    this.#firstBin = Math.ceil((STEADINESS_LOW_HZ * size) / analysisRate);
    this.#magnitudes = new Float64Array(size / 2);
    this.#previousMagnitudes = new Float64Array(size / 2);
  }

  /** Similarity of the last analysed window to the one before it (0 when there was none). */
  get similarity(): number {
    return this.#similarity;
  }

  /** Measures `samples` (one window) against the previous analysed window. */
  analyse(samples: Float64Array): void {
    const real = this.#real;
    const imaginary = this.#imaginary;
    const taper = this.#taper;
    const reversed = this.#reversed;
    real.fill(0);
    imaginary.fill(0);
    for (let index = 0; index < taper.length; index++) {
      real[reversed[index]!] = samples[index]! * taper[index]!;
    }
    this.#transform();
    const swap = this.#previousMagnitudes;
    this.#previousMagnitudes = this.#magnitudes;
    this.#magnitudes = swap;
    const magnitudes = this.#magnitudes;
    const previous = this.#previousMagnitudes;
    let cross = 0;
    let energy = 0;
    let previousEnergy = 0;
    for (let bin = this.#firstBin; bin < this.#size / 2; bin++) {
      const magnitude = Math.sqrt(real[bin]! * real[bin]! + imaginary[bin]! * imaginary[bin]!);
      magnitudes[bin] = magnitude;
      cross += magnitude * previous[bin]!;
      energy += magnitude * magnitude;
      previousEnergy += previous[bin]! * previous[bin]!;
    }
    const denominator = Math.sqrt(energy * previousEnergy);
    this.#similarity = this.#hasPrevious && denominator > 0 ? cross / denominator : 0;
    this.#hasPrevious = true;
  }

  /** Records a window that was not analysed: the next one has nothing to be compared with. */
  skip(): void {
    this.#hasPrevious = false;
    this.#similarity = 0;
  }

  /** Forgets every window. */
  reset(): void {
    this.skip();
  }

  /** In-place radix-2 FFT of the bit-reversed input. */
  #transform(): void {
    const real = this.#real;
    const imaginary = this.#imaginary;
    const size = this.#size;
    for (let span = 1; span < size; span *= 2) {
      const step = size / (2 * span);
      for (let start = 0; start < size; start += 2 * span) {
        for (let offset = 0; offset < span; offset++) {
          const cosine = this.#cosines[offset * step]!;
          const sine = this.#sines[offset * step]!;
          const even = start + offset;
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
