/** One frequency a `GoertzelFilterBank` measures. */
export interface GoertzelFilterSpecification {
  /** The frequency to measure, in Hz (above 0 and below half the sample rate). */
  readonly frequencyHz: number;
  /**
   * Length of the coherent blocks, in ms: the window is cut into blocks of about this length and
   * their powers are added. Shorter blocks tolerate a tone that is further off its nominal
   * frequency (the tolerance is about ±0.25 / block length); longer ones separate close
   * frequencies better (about 1 / block length apart).
   */
  readonly blockMs: number;
  /**
   * Weigh each block with a Hann taper: leakage from a strong frequency 2.5 blocks' worth of
   * bandwidth away drops from about −20 dB to below −30 dB, for a main lobe twice as wide.
   */
  readonly tapered?: boolean;
}

/** Filters run together in one pass over the samples (independent recurrences run in parallel). */
const FILTERS_PER_PASS = 4;

/**
 * Goertzel filters at fixed frequencies over windows of a fixed size, with every coefficient and
 * block length computed once. Measuring allocates nothing, so one bank can serve every window of
 * every call at the same rate and window size. `powerShares` runs neighbouring filters with the
 * same blocks four at a time, which costs about as much as one filter alone.
 */
export class GoertzelFilterBank {
  /** Samples per second the bank was made for. */
  readonly sampleRate: number;
  /** Samples per window the bank was made for. */
  readonly windowSamples: number;
  /** The measured frequencies, in Hz, in the order of the specifications. */
  readonly frequenciesHz: readonly number[];
  readonly #coefficients: Float64Array;
  readonly #blockSamples: Int32Array;
  readonly #blocks: Int32Array;
  /** Hann weights per tapered filter (shared between filters of the same block length). */
  readonly #tapers: (Float64Array | undefined)[];
  /** Square of the sum of each filter's weights (the block length when not tapered). */
  readonly #gainSquared: Float64Array;

  constructor(
    sampleRate: number,
    windowSamples: number,
    filters: readonly GoertzelFilterSpecification[],
  ) {
    if (!(Number.isInteger(sampleRate) && sampleRate > 0)) {
      throw new RangeError(`Goertzel sample rate must be a positive integer, got ${sampleRate}`);
    }
    if (!(Number.isInteger(windowSamples) && windowSamples > 0)) {
      throw new RangeError(
        `Goertzel window must be a positive integer of samples, got ${windowSamples}`,
      );
    }
    this.sampleRate = sampleRate;
    this.windowSamples = windowSamples;
    this.frequenciesHz = Object.freeze(filters.map((filter) => filter.frequencyHz));
    this.#coefficients = new Float64Array(filters.length);
    this.#blockSamples = new Int32Array(filters.length);
    this.#blocks = new Int32Array(filters.length);
    this.#tapers = [];
    this.#gainSquared = new Float64Array(filters.length);
    const tapersByLength = new Map<number, Float64Array>();
    filters.forEach(({ frequencyHz, blockMs, tapered }, index) => {
      if (!(frequencyHz > 0 && frequencyHz < sampleRate / 2)) {
        throw new RangeError(
          `Goertzel frequency must be between 0 and ${sampleRate / 2} Hz, got ${frequencyHz}`,
        );
      }
      const blocks = Math.max(1, Math.round((windowSamples * 1000) / sampleRate / blockMs));
      this.#coefficients[index] = 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate);
      this.#blocks[index] = blocks;
      const blockSamples = Math.floor(windowSamples / blocks);
      this.#blockSamples[index] = blockSamples;
      let taper: Float64Array | undefined;
      if (tapered) {
        taper = tapersByLength.get(blockSamples);
        if (taper === undefined) {
          taper = new Float64Array(blockSamples);
          for (let sample = 0; sample < blockSamples; sample++) {
            taper[sample] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (sample + 0.5)) / blockSamples);
          }
          tapersByLength.set(blockSamples, taper);
        }
      }
      this.#tapers[index] = taper;
      const gain = taper ? taper.reduce((sum, weight) => sum + weight, 0) : blockSamples;
      this.#gainSquared[index] = gain * gain;
    });
  }

  /**
   * `powerShare` of filters `from` (inclusive) to `to` (exclusive), written to `shares` at the
   * same indexes.
   */
  powerShares(
    window: Int16Array,
    windowEnergy: number,
    shares: Float64Array,
    from = 0,
    to = this.frequenciesHz.length,
  ): void {
    let index = from;
    while (index < to) {
      let together = 1;
      while (
        together < FILTERS_PER_PASS &&
        index + together < to &&
        this.#sameBlocks(index, index + together)
      ) {
        together++;
      }
      if (together === 1) shares[index] = this.powerShare(window, index, windowEnergy);
      else this.#fourShares(window, windowEnergy, shares, index, together);
      index += together;
    }
  }

  /**
   * The power of `window` at filter `index`'s frequency as a share of `windowEnergy` (the sum of
   * the window's squared samples): about 1 for a pure tone at that frequency, about 0 for sound
   * with nothing there.
   */
  powerShare(window: Int16Array, index: number, windowEnergy: number): number {
    if (!(windowEnergy > 0)) return 0;
    const coefficient = this.#coefficients[index]!;
    const blockSamples = this.#blockSamples[index]!;
    const blocks = this.#blocks[index]!;
    const taper = this.#tapers[index];
    let power = 0;
    let start = 0;
    for (let block = 0; block < blocks; block++) {
      let previous = 0;
      let beforePrevious = 0;
      const end = start + blockSamples;
      if (taper === undefined) {
        for (let sample = start; sample < end; sample++) {
          const current = window[sample]! + coefficient * previous - beforePrevious;
          beforePrevious = previous;
          previous = current;
        }
      } else {
        for (let sample = start; sample < end; sample++) {
          const current =
            window[sample]! * taper[sample - start]! + coefficient * previous - beforePrevious;
          beforePrevious = previous;
          previous = current;
        }
      }
      power +=
        previous * previous +
        beforePrevious * beforePrevious -
        coefficient * previous * beforePrevious;
      start = end;
    }
    // A sine of amplitude A gives |X|² ≈ (A·G/2)² per block of L samples, G the sum of the
    // weights (L untapered), while its energy is A²·L/2: so 2·L·|X|²/G² is the energy it explains.
    // Blocks may leave a few samples uncovered, so compare with the covered part of the energy.
    const coveredEnergy = (windowEnergy * blocks * blockSamples) / this.windowSamples;
    return (2 * blockSamples * power) / this.#gainSquared[index]! / coveredEnergy;
  }

  #sameBlocks(first: number, second: number): boolean {
    return (
      this.#tapers[first] === undefined &&
      this.#tapers[second] === undefined &&
      this.#blockSamples[first] === this.#blockSamples[second] &&
      this.#blocks[first] === this.#blocks[second]
    );
  }

  /** Two to four untapered filters with the same blocks, from `first`, in one pass. */
  #fourShares(
    window: Int16Array,
    windowEnergy: number,
    shares: Float64Array,
    first: number,
    count: number,
  ): void {
    if (!(windowEnergy > 0)) {
      for (let index = first; index < first + count; index++) shares[index] = 0;
      return;
    }
    const coefficients = this.#coefficients;
    // missing lanes repeat the last filter; their results are dropped
    const c0 = coefficients[first]!;
    const c1 = coefficients[first + 1]!;
    const c2 = coefficients[first + Math.min(2, count - 1)]!;
    const c3 = coefficients[first + Math.min(3, count - 1)]!;
    const blockSamples = this.#blockSamples[first]!;
    const blocks = this.#blocks[first]!;
    let power0 = 0;
    let power1 = 0;
    let power2 = 0;
    let power3 = 0;
    let start = 0;
    for (let block = 0; block < blocks; block++) {
      let a0 = 0;
      let b0 = 0;
      let a1 = 0;
      let b1 = 0;
      let a2 = 0;
      let b2 = 0;
      let a3 = 0;
      let b3 = 0;
      const end = start + blockSamples;
      for (let sample = start; sample < end; sample++) {
        const value = window[sample]!;
        let next = value + c0 * a0 - b0;
        b0 = a0;
        a0 = next;
        next = value + c1 * a1 - b1;
        b1 = a1;
        a1 = next;
        next = value + c2 * a2 - b2;
        b2 = a2;
        a2 = next;
        next = value + c3 * a3 - b3;
        b3 = a3;
        a3 = next;
      }
      power0 += a0 * a0 + b0 * b0 - c0 * a0 * b0;
      power1 += a1 * a1 + b1 * b1 - c1 * a1 * b1;
      power2 += a2 * a2 + b2 * b2 - c2 * a2 * b2;
      power3 += a3 * a3 + b3 * b3 - c3 * a3 * b3;
      start = end;
    }
    const scale =
      (2 * blockSamples * this.windowSamples) /
      (this.#gainSquared[first]! * windowEnergy * blocks * blockSamples);
    shares[first] = power0 * scale;
    shares[first + 1] = power1 * scale;
    if (count > 2) shares[first + 2] = power2 * scale;
    if (count > 3) shares[first + 3] = power3 * scale;
  }
}
