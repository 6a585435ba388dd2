import { RealInputFft } from './real-input-fft.js';

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
  readonly #fft: RealInputFft;
  readonly #taper: Float64Array;
  readonly #firstBin: number;
  #magnitudes: Float64Array;
  #previousMagnitudes: Float64Array;
  #hasPrevious = false;
  #similarity = 0;

  /**
   * @param analysisRate samples per second of the windows given to `analyse`
   * @param windowSamples samples per window (padded with zeros to a power of two, at least 4)
   */
  constructor(analysisRate: number, windowSamples: number) {
    let size = 4;
    while (size < windowSamples) size *= 2;
    this.#size = size;
    this.#fft = new RealInputFft(size);
    this.#taper = new Float64Array(windowSamples);
    for (let index = 0; index < windowSamples; index++) {
      this.#taper[index] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (index + 0.5)) / windowSamples);
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
    const fft = this.#fft;
    fft.transform(samples, this.#taper);
    const real = fft.real;
    const imaginary = fft.imaginary;
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
}
