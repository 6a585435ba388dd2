import { VADAnalyzer } from './vad-analyzer.js';
import type { VADParams } from './vad-params.js';

/** Analysis window, in milliseconds (Silero's 32 ms, so `startSecs` means the same). */
const WINDOW_MS = 32;
/** Rate the voicing measure runs at, in Hz: audio is averaged down to it first. */
const ANALYSIS_RATE_HZ = 4000;
/** Pitch range searched for voicing, in Hz (low male voices to high child voices). */
const PITCH_MIN_HZ = 70;
const PITCH_MAX_HZ = 400;
/** Pre-emphasis before the voicing measure: whitens rumble and brown noise, keeps harmonics. */
const PRE_EMPHASIS = 0.9;
/** Signal-to-noise ratio (dB above the tracked floor) where the energy score starts, and peaks. */
const SNR_LOW_DB = 3;
const SNR_HIGH_DB = 9;
/** Normalised autocorrelation where the voicing score starts, and peaks. */
const VOICING_LOW = 0.35;
const VOICING_HIGH = 0.6;
/**
 * How much of the confidence carries into the next window: a window of full confidence keeps the
 * next two above 0.7, bridging stop consonants and short unvoiced sounds inside words.
 */
const CONFIDENCE_HOLD_FACTOR = 0.9;
/** How fast the noise floor rises, in dB per second, under unvoiced sound and under voice. */
const FLOOR_RISE_UNVOICED_DB_PER_SEC = 6;
const FLOOR_RISE_VOICED_DB_PER_SEC = 0.5;
/** How much of the gap a falling floor closes per window. */
const FLOOR_FALL_FACTOR = 0.5;

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * A cheap voice activity detector with no dependencies, shipped in core so VAD works out of the
 * box. Each 32 ms window scores two things:
 * - **energy**: how far the window's level is above a tracked noise floor (the floor follows
 *   quiet moments down at once and rises slowly, faster when the sound is not voiced, so steady
 *   noise is learnt within seconds while speech is not);
 * - **voicing**: the strongest pitch-period peak of the normalised autocorrelation (70–400 Hz),
 *   computed at 4 kHz after pre-emphasis, so noise that switches on abruptly does not count.
 *
 * The confidence is the smaller of the two. Rates: any multiple of 4000 Hz (8, 16, 24, 32,
 * 48 kHz). Cost: one pass over the window plus about 6,000 multiply-adds per window when the
 * level is above the floor, nothing more when it is not. For better accuracy use a model-based
 * engine (e.g. Silero) from its own package.
 */
export class EnergyVADAnalyzer extends VADAnalyzer {
  #decimation = 1;
  #analysis = new Float64Array(0);
  #previousSample = 0;
  #floorDb: number | undefined;
  #heldConfidence = 0;
  #riseUnvoicedDbPerWindow = (FLOOR_RISE_UNVOICED_DB_PER_SEC * WINDOW_MS) / 1000;
  #riseVoicedDbPerWindow = (FLOOR_RISE_VOICED_DB_PER_SEC * WINDOW_MS) / 1000;
  #minLag = 1;
  #maxLag = 1;

  constructor(params: Partial<VADParams> = {}) {
    super(params);
  }

  protected override supportsSampleRate(sampleRate: number): boolean {
    return sampleRate % ANALYSIS_RATE_HZ === 0;
  }

  protected override windowSamplesFor(sampleRate: number): number {
    this.#decimation = sampleRate / ANALYSIS_RATE_HZ;
    const analysisSamples = (ANALYSIS_RATE_HZ * WINDOW_MS) / 1000;
    this.#analysis = new Float64Array(analysisSamples);
    this.#minLag = Math.floor(ANALYSIS_RATE_HZ / PITCH_MAX_HZ);
    this.#maxLag = Math.ceil(ANALYSIS_RATE_HZ / PITCH_MIN_HZ);
    return analysisSamples * this.#decimation;
  }

  protected override resetEngine(): void {
    this.#previousSample = 0;
    this.#floorDb = undefined;
    this.#heldConfidence = 0;
  }

  protected override voiceConfidence(window: Int16Array, levelDbfs: number): number {
    const floor = this.#floorDb ?? levelDbfs;
    const snrDb = levelDbfs - floor;
    const energyScore = clamp01((snrDb - SNR_LOW_DB) / (SNR_HIGH_DB - SNR_LOW_DB));
    let voicingScore = 0;
    if (energyScore > 0) {
      this.#prepareAnalysis(window);
      voicingScore = clamp01((this.#voicing() - VOICING_LOW) / (VOICING_HIGH - VOICING_LOW));
    } else {
      this.#previousSample = window[window.length - 1] ?? 0;
    }
    this.#floorDb =
      levelDbfs < floor
        ? floor + FLOOR_FALL_FACTOR * (levelDbfs - floor)
        : Math.min(
            levelDbfs,
            floor +
              (voicingScore > 0 ? this.#riseVoicedDbPerWindow : this.#riseUnvoicedDbPerWindow),
          );
    this.#heldConfidence = Math.max(
      Math.min(energyScore, voicingScore),
      this.#heldConfidence * CONFIDENCE_HOLD_FACTOR,
    );
    return this.#heldConfidence;
  }

  /** Averages the window down to the analysis rate and applies pre-emphasis. */
  #prepareAnalysis(window: Int16Array): void {
    const decimation = this.#decimation;
    const analysis = this.#analysis;
    let previous = this.#previousSample;
    for (let index = 0, source = 0; index < analysis.length; index++) {
      let sum = 0;
      for (let step = 0; step < decimation; step++) sum += window[source++]!;
      const sample = sum / decimation;
      analysis[index] = sample - PRE_EMPHASIS * previous;
      previous = sample;
    }
    this.#previousSample = previous;
  }

  /**
   * Strongest pitch peak of the normalised autocorrelation (0–1): the highest local peak over the
   * pitch lags, minus the lowest value at shorter lags when that is positive. Voiced speech dips
   * below zero before its pitch peak; low-pass noise decays smoothly, so its peaks score little.
   */
  #voicing(): number {
    const samples = this.#analysis;
    const length = samples.length;
    let best = 0;
    let trough = 1;
    let beforePrevious = 1;
    let previous = 1;
    for (let lag = 1; lag <= this.#maxLag + 1 && lag < length; lag++) {
      let cross = 0;
      let headEnergy = 0;
      let tailEnergy = 0;
      for (let index = 0; index + lag < length; index++) {
        const head = samples[index]!;
        const tail = samples[index + lag]!;
        cross += head * tail;
        headEnergy += head * head;
        tailEnergy += tail * tail;
      }
      const denominator = Math.sqrt(headEnergy * tailEnergy);
      const correlation = denominator > 0 ? cross / denominator : 0;
      const peakLag = lag - 1;
      if (peakLag >= this.#minLag && previous > beforePrevious && previous >= correlation) {
        const score = previous - Math.max(0, trough);
        if (score > best) best = score;
      }
      if (previous < trough) trough = previous;
      beforePrevious = previous;
      previous = correlation;
    }
    return best;
  }
}
