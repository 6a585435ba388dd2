/**
 * Filters run together in one pass over the samples. A Goertzel recurrence is a chain of
 * dependent multiply-adds, so one filter leaves the processor mostly waiting; eight independent
 * chains fill that wait at about the cost of one (more no longer fit in the registers).
 */
export const GOERTZEL_LANES_PER_PASS = 8;

/** One filter of a pass: its recurrence coefficient and its coherent blocks. */
export interface GoertzelLane {
  /** `2·cos(2π·f / sampleRate)`. */
  readonly coefficient: number;
  /** Samples per block (the filter restarts at each block's end). */
  readonly blockSamples: number;
  /** Number of blocks, from the window's first sample. */
  readonly blocks: number;
}

/**
 * Up to `GOERTZEL_LANES_PER_PASS` untapered Goertzel filters measured in one pass over a window,
 * each with its own blocks. The window is cut at every lane's block ends; between two cuts every
 * lane advances together, and at a cut the lanes whose block ends there add their block's power
 * and restart. Each lane does exactly the operations, in the same order, as that filter measured
 * alone, so its power is bit-identical.
 */
export class GoertzelPass {
  /** How many lanes carry a filter (the others repeat the last one and are not reported). */
  readonly lanes: number;
  readonly #coefficients = new Float64Array(GOERTZEL_LANES_PER_PASS);
  /** Where each stretch between cuts ends (exclusive), in samples, ascending. */
  readonly #cutEnds: Int32Array;
  /** For each cut, bit `k` set when lane `k` ends a block there. */
  readonly #endingLanes: Int32Array;

  /**
   * @param lanes one to `GOERTZEL_LANES_PER_PASS` filters
   * @param windowSamples samples per window; every lane's blocks must fit in it
   */
  constructor(lanes: readonly GoertzelLane[], windowSamples: number) {
    if (lanes.length < 1 || lanes.length > GOERTZEL_LANES_PER_PASS) {
      throw new RangeError(
        `A Goertzel pass takes 1 to ${GOERTZEL_LANES_PER_PASS} filters, got ${lanes.length}`,
      );
    }
    this.lanes = lanes.length;
    const endingLanesAt = new Map<number, number>();
    lanes.forEach(({ coefficient, blockSamples, blocks }, lane) => {
      if (blocks * blockSamples > windowSamples) {
        throw new RangeError(
          `Goertzel blocks of lane ${lane} overrun the ${windowSamples} samples`,
        );
      }
      this.#coefficients[lane] = coefficient;
      for (let block = 1; block <= blocks; block++) {
        const end = block * blockSamples;
        endingLanesAt.set(end, (endingLanesAt.get(end) ?? 0) | (1 << lane));
      }
    });
    this.#coefficients.fill(lanes[lanes.length - 1]!.coefficient, lanes.length);
    const cuts = [...endingLanesAt.keys()].sort((a, b) => a - b);
    this.#cutEnds = Int32Array.from(cuts);
    this.#endingLanes = Int32Array.from(cuts, (end) => endingLanesAt.get(end)!);
  }

  /**
   * Writes each lane's power (the sum of `|X|²` over its blocks, unscaled) to `powers[0…lanes)`
   * (`powers` holds `GOERTZEL_LANES_PER_PASS` values; the rest is scratch). `window` must hold at
   * least the samples the blocks cover.
   */
  measure(window: Int16Array, powers: Float64Array): void {
    const coefficients = this.#coefficients;
    const c0 = coefficients[0]!;
    const c1 = coefficients[1]!;
    const c2 = coefficients[2]!;
    const c3 = coefficients[3]!;
    const c4 = coefficients[4]!;
    const c5 = coefficients[5]!;
    const c6 = coefficients[6]!;
    const c7 = coefficients[7]!;
    let a0 = 0;
    let b0 = 0;
    let a1 = 0;
    let b1 = 0;
    let a2 = 0;
    let b2 = 0;
    let a3 = 0;
    let b3 = 0;
    let a4 = 0;
    let b4 = 0;
    let a5 = 0;
    let b5 = 0;
    let a6 = 0;
    let b6 = 0;
    let a7 = 0;
    let b7 = 0;
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    let p3 = 0;
    let p4 = 0;
    let p5 = 0;
    let p6 = 0;
    let p7 = 0;
    const cutEnds = this.#cutEnds;
    const endingLanes = this.#endingLanes;
    let start = 0;
    for (let cut = 0; cut < cutEnds.length; cut++) {
      const end = cutEnds[cut]!;
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
        next = value + c4 * a4 - b4;
        b4 = a4;
        a4 = next;
        next = value + c5 * a5 - b5;
        b5 = a5;
        a5 = next;
        next = value + c6 * a6 - b6;
        b6 = a6;
        a6 = next;
        next = value + c7 * a7 - b7;
        b7 = a7;
        a7 = next;
      }
      start = end;
      // the block power |X|² = a² + b² − c·a·b, then the filter restarts
      const ending = endingLanes[cut]!;
      if (ending & 1) {
        p0 += a0 * a0 + b0 * b0 - c0 * a0 * b0;
        a0 = b0 = 0;
      }
      if (ending & 2) {
        p1 += a1 * a1 + b1 * b1 - c1 * a1 * b1;
        a1 = b1 = 0;
      }
      if (ending & 4) {
        p2 += a2 * a2 + b2 * b2 - c2 * a2 * b2;
        a2 = b2 = 0;
      }
      if (ending & 8) {
        p3 += a3 * a3 + b3 * b3 - c3 * a3 * b3;
        a3 = b3 = 0;
      }
      if (ending & 16) {
        p4 += a4 * a4 + b4 * b4 - c4 * a4 * b4;
        a4 = b4 = 0;
      }
      if (ending & 32) {
        p5 += a5 * a5 + b5 * b5 - c5 * a5 * b5;
        a5 = b5 = 0;
      }
      if (ending & 64) {
        p6 += a6 * a6 + b6 * b6 - c6 * a6 * b6;
        a6 = b6 = 0;
      }
      if (ending & 128) {
        p7 += a7 * a7 + b7 * b7 - c7 * a7 * b7;
        a7 = b7 = 0;
      }
    }
    powers[0] = p0;
    powers[1] = p1;
    powers[2] = p2;
    powers[3] = p3;
    powers[4] = p4;
    powers[5] = p5;
    powers[6] = p6;
    powers[7] = p7;
  }
}
