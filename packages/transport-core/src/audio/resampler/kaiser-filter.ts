/**
 * Polyphase windowed-sinc (Kaiser) lowpass filters for rational sample-rate conversion, designed
 * once per rate pair and design and shared, read-only, by every resampler that uses them.
 */

/** Largest number of polyphase branches (the reduced output-rate factor) we build tables for. */
export const MAX_FILTER_PHASES = 1024;

/** How a resampling filter is designed. */
export interface FilterDesign {
  /** Passband edge as a fraction of the lower rate's Nyquist frequency (0 < x < 1). */
  passbandFraction: number;
  /** Attenuation from the lower rate's Nyquist frequency up, in dB. */
  stopbandAttenuationDb: number;
}

/** A designed polyphase filter. Never mutated after construction. */
export interface PolyphaseFilter {
  /** Output-rate factor after reducing the rate ratio: there are this many phases. */
  readonly upFactor: number;
  /** Input-rate factor after reducing the rate ratio: input samples advanced per `upFactor` outputs. */
  readonly downFactor: number;
  /** Input samples each output reads (the same for every phase); a multiple of `TAP_MULTIPLE`. */
  readonly tapsPerPhase: number;
  /** Input samples an output needs after its own position; also the output latency in input samples. */
  readonly lookaheadSamples: number;
  /** `upFactor` × `tapsPerPhase` coefficients, phase after phase, each phase summing to 1. */
  readonly coefficients: Float64Array;
}

/** `tapsPerPhase` is always a multiple of this, so kernels can unroll without a remainder loop. */
export const TAP_MULTIPLE = 8;

const filterCache = new Map<string, PolyphaseFilter>();

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Zeroth-order modified Bessel function of the first kind, by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const halfX = x / 2;
  for (let k = 1; k < 200; k++) {
    term *= (halfX / k) * (halfX / k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser's formula for the window shape parameter β that reaches `attenuationDb`. */
function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) {
    return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  }
  return 0;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const angle = Math.PI * x;
  return Math.sin(angle) / angle;
}

/**
 * The polyphase filter converting `inputRate` to `outputRate` (integers, already validated) with
 * `design`; built on first request and cached for the life of the process. Throws a `RangeError`
 * when the reduced ratio needs more than `MAX_FILTER_PHASES` phases.
 */
export function polyphaseFilterFor(
  inputRate: number,
  outputRate: number,
  design: FilterDesign,
): PolyphaseFilter {
  const divisor = greatestCommonDivisor(inputRate, outputRate);
  const upFactor = outputRate / divisor;
  const downFactor = inputRate / divisor;
  if (upFactor > MAX_FILTER_PHASES) {
    throw new RangeError(
      `cannot resample ${inputRate} Hz to ${outputRate} Hz: the reduced ratio ${upFactor}/${downFactor} needs ${upFactor} filter phases, at most ${MAX_FILTER_PHASES} are supported`,
    );
  }
  const key = `${upFactor}/${downFactor}/${design.passbandFraction}/${design.stopbandAttenuationDb}`;
  let filter = filterCache.get(key);
  if (!filter) {
    filter = designPolyphaseFilter(upFactor, downFactor, design);
    filterCache.set(key, filter);
  }
  return filter;
}

function designPolyphaseFilter(
  upFactor: number,
  downFactor: number,
  design: FilterDesign,
): PolyphaseFilter {
  // Frequencies in cycles per input sample. The stopband starts at the lower rate's Nyquist.
  const stopbandEdge = Math.min(upFactor, downFactor) / (2 * downFactor);
  const passbandEdge = stopbandEdge * design.passbandFraction;
  const cutoff = (passbandEdge + stopbandEdge) / 2;
  const transitionWidth = stopbandEdge - passbandEdge;
  const attenuationDb = design.stopbandAttenuationDb;
  // Kaiser's length estimate, in input samples; the kernel spans ±lookahead around each output.
  const length = (attenuationDb - 7.95) / (14.36 * transitionWidth);
  // Rounded up so that `tapsPerPhase` is a multiple of 8 (the kernels' unrolling).
  const lookaheadSamples = (TAP_MULTIPLE / 2) * Math.max(1, Math.ceil(length / TAP_MULTIPLE));
  const tapsPerPhase = 2 * lookaheadSamples;
  const beta = kaiserBeta(attenuationDb);
  const windowNormaliser = besselI0(beta);
  const coefficients = new Float64Array(upFactor * tapsPerPhase);
  for (let phase = 0; phase < upFactor; phase++) {
    const base = phase * tapsPerPhase;
    let sum = 0;
    for (let tap = 0; tap < tapsPerPhase; tap++) {
      // Distance from the output instant to the input sample this tap reads, in input samples.
      const distance = phase / upFactor + lookaheadSamples - 1 - tap;
      const ratio = distance / lookaheadSamples;
      const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - ratio * ratio))) / windowNormaliser;
      const value = 2 * cutoff * sinc(2 * cutoff * distance) * window;
      coefficients[base + tap] = value;
      sum += value;
    }
    for (let tap = 0; tap < tapsPerPhase; tap++) coefficients[base + tap]! /= sum;
  }
  return { upFactor, downFactor, tapsPerPhase, lookaheadSamples, coefficients };
}
