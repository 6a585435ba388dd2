import { type CrossProductsKernel, crossProductsKernel } from './autocorrelation.js';

/** Pitch range searched, in Hz (low male voices to high child voices). */
const PITCH_MIN_HZ = 70;
const PITCH_MAX_HZ = 400;
/**
 * Two pitch periods within this fraction of each other are the same pitch. Notes of music hold
 * their pitch to within about 0.1 % from one 32 ms window to the next; a voice's pitch glides by
 * a percent or more, and holds it this closely in fewer than one window in ten.
 */
const PITCH_HELD_TOLERANCE = 0.002;
/** Windows of recent pitch remembered: chords and melodies alternate between a few periods. */
const PITCH_MEMORY_WINDOWS = 4;
/** Lowest voicing whose period is trusted enough to compare and remember. */
const PITCH_MIN_VOICING = 0.4;
/** Period ratios that count as the same note (octave errors of the estimate). */
const OCTAVE_RATIOS = [0.5, 1, 2] as const;

/**
 * Voicing and pitch of successive windows, by normalised autocorrelation, and whether the pitch
 * is held: the same period (within 0.2 %, or an octave of it) as one of the last few windows.
 * Held pitch is what musical notes do and voices rarely do, so it tells music from speech.
 */
export class PitchTracker {
  readonly #minLag: number;
  readonly #maxLag: number;
  readonly #recentPeriods = new Float64Array(PITCH_MEMORY_WINDOWS);
  readonly #kernel: CrossProductsKernel;
  #nextSlot = 0;
  #voicing = 0;
  #held = false;

  /**
   * @param analysisRate samples per second of the windows given to `analyse`
   * @param kernel what computes the autocorrelation's cross products (default: the fastest this
   * runtime has; every kernel gives bit-identical products)
   */
  constructor(analysisRate: number, kernel: CrossProductsKernel = crossProductsKernel()) {
    this.#kernel = kernel;
    this.#minLag = Math.floor(analysisRate / PITCH_MAX_HZ);
    this.#maxLag = Math.ceil(analysisRate / PITCH_MIN_HZ);
  }

  /** Strength of the strongest pitch peak of the last analysed window (0–1). */
  get voicing(): number {
    return this.#voicing;
  }

  /** Whether the last analysed window held the pitch of a recent window. */
  get held(): boolean {
    return this.#held;
  }

  /**
   * Measures `samples` (one window, pre-emphasised): the strongest local peak of the normalised
   * autocorrelation over the pitch lags, minus the lowest value at shorter lags when that is
   * positive. Voiced speech dips below zero before its pitch peak; low-pass noise decays
   * smoothly, so its peaks score little. The peak's lag is refined by a parabola through it and
   * its neighbours.
   */
  analyse(samples: Float64Array): void {
    const length = samples.length;
    // The energies of the overlapping parts at every lag come from running sums of squares:
    // `headEnergy` drops the last sample per lag, `tailEnergy` the first.
    let totalEnergy = 0;
    for (let index = 0; index < length; index++) totalEnergy += samples[index]! * samples[index]!;
    let headEnergy = totalEnergy;
    let tailEnergy = totalEnergy;
    let best = 0;
    let bestPeriod = 0;
    let trough = 1;
    let beforePrevious = 1;
    let previous = 1;
    const lastLag = Math.min(this.#maxLag + 1, length - 1);
    const crossProducts = this.#kernel.crossProducts(samples, lastLag);
    for (let lag = 1; lag <= lastLag; lag++) {
      const dropped = samples[length - lag]!;
      const leading = samples[lag - 1]!;
      headEnergy -= dropped * dropped;
      tailEnergy -= leading * leading;
      const cross = crossProducts[lag]!;
      const denominator = Math.sqrt(Math.max(0, headEnergy) * Math.max(0, tailEnergy));
      const correlation = denominator > 0 ? cross / denominator : 0;
      const peakLag = lag - 1;
      if (peakLag >= this.#minLag && previous > beforePrevious && previous >= correlation) {
        const score = previous - Math.max(0, trough);
        if (score > best) {
          best = score;
          const curvature = beforePrevious - 2 * previous + correlation;
          bestPeriod =
            peakLag + (curvature < 0 ? (0.5 * (beforePrevious - correlation)) / curvature : 0);
        }
      }
      if (previous < trough) trough = previous;
      beforePrevious = previous;
      previous = correlation;
    }
    this.#voicing = best;
    const period = best >= PITCH_MIN_VOICING ? bestPeriod : 0;
    this.#held = period > 0 && this.#recentlyHeard(period);
    this.#remember(period);
  }

  /** Records a window that was not analysed (too quiet to matter): it breaks held pitch. */
  skip(): void {
    this.#voicing = 0;
    this.#held = false;
    this.#remember(0);
  }

  /** Forgets every window. */
  reset(): void {
    this.#recentPeriods.fill(0);
    this.#nextSlot = 0;
    this.#voicing = 0;
    this.#held = false;
  }

  #recentlyHeard(period: number): boolean {
    for (const recent of this.#recentPeriods) {
      if (recent === 0) continue;
      for (const ratio of OCTAVE_RATIOS) {
        if (Math.abs(period / (recent * ratio) - 1) < PITCH_HELD_TOLERANCE) return true;
      }
    }
    return false;
  }

  #remember(period: number): void {
    this.#recentPeriods[this.#nextSlot] = period;
    this.#nextSlot = (this.#nextSlot + 1) % PITCH_MEMORY_WINDOWS;
  }
}
