import { GOERTZEL_LANES_PER_PASS, GoertzelPass } from './goertzel-pass.js';

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

/**
 * Goertzel filters at fixed frequencies over windows of a fixed size, with every coefficient and
 * block length computed once. Measuring allocates nothing, so one bank can serve every window of
 * every call at the same rate and window size. `powerShares` runs untapered filters eight at a
 * time in one pass (see `GoertzelPass`), which costs about as much as one filter alone.
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
  /**
   * Whether an untapered filter shares its blocks with no other untapered filter. Such a filter
   * used to be measured on its own and keeps that scaling's rounding (the others keep that of
   * filters measured together), so shares stay bit-identical to earlier versions of the bank.
   */
  readonly #scaledAlone: boolean[];
  /** The passes of each `powerShares` range, by `from * RANGE_KEY_BASE + to`, built on first use. */
  readonly #plans = new Map<number, RangePlan>();
  /** Powers of the pass being measured (scratch, reused). */
  readonly #powers = new Float64Array(GOERTZEL_LANES_PER_PASS);

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
    this.#scaledAlone = filters.map(
      (_, index) =>
        this.#tapers[index] === undefined &&
        !filters.some((__, other) => other !== index && this.#sameBlocks(index, other)),
    );
  }

  /**
   * `powerShare` of filters `from` (inclusive) to `to` (exclusive), written to `shares` at the
   * same indexes: untapered filters eight at a time in one pass, tapered ones one by one. Each
   * share is bit-identical to `powerShare`'s up to the last rounding of the scaling.
   */
  powerShares(
    window: Int16Array,
    windowEnergy: number,
    shares: Float64Array,
    from = 0,
    to = this.frequenciesHz.length,
  ): void {
    if (!(windowEnergy > 0)) {
      shares.fill(0, from, to);
      return;
    }
    const plan = this.#planFor(from, to);
    const powers = this.#powers;
    for (const { pass, filters } of plan.passes) {
      pass.measure(window, powers);
      for (let lane = 0; lane < filters.length; lane++) {
        const index = filters[lane]!;
        shares[index] = this.#shareOf(index, powers[lane]!, windowEnergy);
      }
    }
    for (const index of plan.tapered) shares[index] = this.powerShare(window, index, windowEnergy);
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

  /**
   * The share of `windowEnergy` that filter `index`'s unscaled `power` stands for, rounded as
   * the filter was before passes (alone: as `powerShare`; with others: one scale for the group).
   */
  #shareOf(index: number, power: number, windowEnergy: number): number {
    const blockSamples = this.#blockSamples[index]!;
    const blocks = this.#blocks[index]!;
    if (this.#scaledAlone[index]) {
      const coveredEnergy = (windowEnergy * blocks * blockSamples) / this.windowSamples;
      return (2 * blockSamples * power) / this.#gainSquared[index]! / coveredEnergy;
    }
    const scale =
      (2 * blockSamples * this.windowSamples) /
      (this.#gainSquared[index]! * windowEnergy * blocks * blockSamples);
    return power * scale;
  }

  /** The passes measuring filters `from` to `to`: untapered ones in order, eight per pass. */
  #planFor(from: number, to: number): RangePlan {
    const key = from * RANGE_KEY_BASE + to;
    let plan = this.#plans.get(key);
    if (plan === undefined) {
      const untapered: number[] = [];
      const tapered: number[] = [];
      for (let index = from; index < to; index++) {
        (this.#tapers[index] === undefined ? untapered : tapered).push(index);
      }
      const passes: PlannedPass[] = [];
      for (let first = 0; first < untapered.length; first += GOERTZEL_LANES_PER_PASS) {
        const filters = untapered.slice(first, first + GOERTZEL_LANES_PER_PASS);
        const lanes = filters.map((index) => ({
          coefficient: this.#coefficients[index]!,
          blockSamples: this.#blockSamples[index]!,
          blocks: this.#blocks[index]!,
        }));
        passes.push({ pass: new GoertzelPass(lanes, this.windowSamples), filters });
      }
      plan = { passes, tapered };
      this.#plans.set(key, plan);
    }
    return plan;
  }
}

/** Base of the `#plans` keys (more than any number of filters). */
const RANGE_KEY_BASE = 65_536;

/** One pass of a range and the filter index of each of its lanes. */
interface PlannedPass {
  readonly pass: GoertzelPass;
  readonly filters: readonly number[];
}

/** How `powerShares` measures one range of filters. */
interface RangePlan {
  readonly passes: readonly PlannedPass[];
  /** Tapered filters of the range, measured one by one. */
  readonly tapered: readonly number[];
}
