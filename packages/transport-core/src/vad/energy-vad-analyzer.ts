import { PitchTracker } from './pitch-tracker.js';
import { SpectralSteadiness } from './spectral-steadiness.js';
import { VADAnalyzer } from './vad-analyzer.js';
import type { VADParams } from './vad-params.js';

/** Analysis window, in milliseconds (Silero's 32 ms, so `startSecs` means the same). */
const WINDOW_MS = 32;
/** Rate the voicing measure runs at, in Hz: audio is averaged down to it first. */
const ANALYSIS_RATE_HZ = 4000;
/** Signal-to-noise ratio (dB above the tracked floor) where the energy score starts, and peaks. */
const SNR_LOW_DB = 2;
const SNR_HIGH_DB = 6;
/** Normalised autocorrelation (corrected for noise) where the voicing score starts, and peaks. */
const VOICING_LOW = 0.35;
const VOICING_HIGH = 0.6;
/** Lowest share of a window's energy taken to be voice when correcting voicing for noise. */
const MIN_VOICE_SHARE = 0.5;
/**
 * Spectral similarity to the previous window (0–1) from which a window counts as steady: music
 * is above it in about four windows of five, a voice in about one of twenty.
 */
const STEADY_SPECTRAL_SIMILARITY = 0.97;
/**
 * Consecutive steady windows (held pitch or unchanged spectrum) after which the sound is taken
 * for a note, not a voice: no confidence, none carried over. A voice is steady for a window or
 * two now and then, a note for many in a row; notes shorter than this many windows plus one
 * could chain into a start.
 */
const STEADY_WINDOWS_NOT_VOICE = 3;
/**
 * Once this share of recent voiced windows was steady (music is playing), one steady window is
 * enough to take the sound for a note. The share is averaged over about `MUSIC_MEMORY_SECS` of
 * voiced windows: speech alone is steady in under a tenth of its windows, music in most.
 */
const MUSIC_STEADY_SHARE = 0.5;
const MUSIC_MEMORY_SECS = 2;
/**
 * How much of the confidence carries into the next window: a window of full confidence keeps the
 * next two above 0.7, bridging stop consonants and short unvoiced sounds inside words.
 */
const CONFIDENCE_HOLD_FACTOR = 0.9;
/** Voicing score from which the floor rises at the voiced rate rather than the unvoiced one. */
const FLOOR_VOICED_MIN_SCORE = 0.5;
/** How fast the noise floor rises, in dB per second, under unvoiced sound and under voice. */
const FLOOR_RISE_UNVOICED_DB_PER_SEC = 6;
const FLOOR_RISE_VOICED_DB_PER_SEC = 0.5;
/**
 * How fast the noise floor rises, in dB per second, under steady sound (music, hum): fast enough
 * to learn music on hold within a second or two, bounded so one loud note does not lift it all
 * the way at once.
 */
const FLOOR_RISE_STEADY_DB_PER_SEC = 30;
/** How much of the gap a falling floor closes per window. */
const FLOOR_FALL_FACTOR = 0.5;

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * A cheap voice activity detector with no dependencies, shipped in core so VAD works out of the
 * box. Each 32 ms window scores two things:
 * - **energy**: how far the window's level is above a tracked noise floor;
 * - **voicing**: the strongest pitch-period peak of the normalised autocorrelation (70–400 Hz)
 *   at 4 kHz, divided by the share of the window's energy above the floor (noise dilutes it), so
 *   noise that switches on abruptly does not count and speech in noise still does.
 *
 * The confidence is the smaller of the two. What is not a voice:
 * - **telephony tones** (keypad, ringback, busy, SIT, fax) never count (see `VADAnalyzer`), and
 *   their score is not carried into the next window; the floor does not learn them, so speech
 *   over a tone still stands out from the sound before it;
 * - **steady sound**: a window that holds the pitch of a recent one (within 0.2 %) or keeps the
 *   previous window's spectrum is steady. Three steady windows in a row, or one once most recent
 *   voiced windows were steady (music is playing), score 0. Notes do this, voices rarely do.
 *
 * The floor follows quiet moments down at once and rises at a bounded rate: slowly under voice
 * (0.5 dB/s), faster under unvoiced sound (6 dB/s) and fastest under steady sound (30 dB/s), so
 * steady noise and music on hold are learnt within a few seconds while speech is not, and speech
 * over music is heard as it rises above the music.
 *
 * Rates: any multiple of 4000 Hz (8, 16, 24, 32, 48 kHz). Cost: one pass over the window when its
 * level is near the floor; above it, about 20,000 multiply-adds (autocorrelation, a 128-point
 * FFT), plus the tone check when the window could be speech. For better accuracy use a
 * model-based engine (e.g. Silero) from its own package.
 */
export class EnergyVADAnalyzer extends VADAnalyzer {
  #decimation = 1;
  #analysis = new Float64Array(0);
  #floorDb: number | undefined;
  #heldConfidence = 0;
  #riseUnvoicedDbPerWindow = (FLOOR_RISE_UNVOICED_DB_PER_SEC * WINDOW_MS) / 1000;
  #riseVoicedDbPerWindow = (FLOOR_RISE_VOICED_DB_PER_SEC * WINDOW_MS) / 1000;
  #riseSteadyDbPerWindow = (FLOOR_RISE_STEADY_DB_PER_SEC * WINDOW_MS) / 1000;
  #pitch = new PitchTracker(ANALYSIS_RATE_HZ);
  #steadiness = new SpectralSteadiness(ANALYSIS_RATE_HZ, (ANALYSIS_RATE_HZ * WINDOW_MS) / 1000);
  #steadyWindows = 0;
  /** Whether the previous window was a recognised telephony tone. */
  #inTone = false;
  /** Share of recent voiced windows that were steady (0–1), averaged over the music memory. */
  #steadyShare = 0;
  #steadyShareStep = WINDOW_MS / 1000 / MUSIC_MEMORY_SECS;

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
    return analysisSamples * this.#decimation;
  }

  protected override resetEngine(): void {
    this.#floorDb = undefined;
    this.#heldConfidence = 0;
    this.#pitch.reset();
    this.#steadiness.reset();
    this.#steadyWindows = 0;
    this.#steadyShare = 0;
    this.#inTone = false;
  }

  protected override voiceConfidence(window: Int16Array, levelDbfs: number): number {
    const floor = this.#floorDb ?? levelDbfs;
    const snrDb = levelDbfs - floor;
    const energyScore = clamp01((snrDb - SNR_LOW_DB) / (SNR_HIGH_DB - SNR_LOW_DB));
    let voicingScore = 0;
    let steady = false;
    if (energyScore > 0) {
      this.#prepareAnalysis(window);
      this.#pitch.analyse(this.#analysis);
      this.#steadiness.analyse(this.#analysis);
      // noise adds energy without periodicity: the voice's own voicing is the measured one
      // divided by the voice's share of the window's energy
      const voiceShare = Math.max(MIN_VOICE_SHARE, 1 - 10 ** (-snrDb / 10));
      const voicing = this.#pitch.voicing / voiceShare;
      voicingScore = clamp01((voicing - VOICING_LOW) / (VOICING_HIGH - VOICING_LOW));
      steady = this.#pitch.held || this.#steadiness.similarity >= STEADY_SPECTRAL_SIMILARITY;
    } else {
      this.#pitch.skip();
      this.#steadiness.skip();
    }
    const steadyWindows = steady ? this.#steadyWindows + 1 : 0;
    const notVoiceAfter = this.#steadyShare >= MUSIC_STEADY_SHARE ? 1 : STEADY_WINDOWS_NOT_VOICE;
    const score = steadyWindows >= notVoiceAfter ? 0 : Math.min(energyScore, voicingScore);
    // a steady continuation of a recognised tone is that tone still; otherwise a tone is looked
    // for only where the window could count as speech (the base would look there anyway)
    const tone =
      (this.#inTone && steady) || (score > 0 && this.telephonyToneInWindow() !== undefined);
    this.#inTone = tone;
    this.#updateFloor(levelDbfs, floor, tone ? 'tone' : steady ? 'steady' : voicingScore);
    if (tone) {
      this.#heldConfidence = 0;
      return 0;
    }
    this.#steadyWindows = steadyWindows;
    if (voicingScore > 0) {
      this.#steadyShare += ((steady ? 1 : 0) - this.#steadyShare) * this.#steadyShareStep;
    }
    if (steadyWindows >= notVoiceAfter) {
      this.#heldConfidence = 0;
      return 0;
    }
    this.#heldConfidence = Math.max(score, this.#heldConfidence * CONFIDENCE_HOLD_FACTOR);
    return this.#heldConfidence;
  }

  /**
   * Follows a quieter window down at once; rises towards a louder one at a bounded rate that
   * depends on what it sounds like (`sound`: a tone, steady sound, or the voicing score). A tone
   * is not background: the floor keeps its level, so speech over a tone still stands out from the
   * sound before it.
   */
  #updateFloor(levelDbfs: number, floor: number, sound: 'tone' | 'steady' | number): void {
    if (levelDbfs < floor) {
      this.#floorDb = floor + FLOOR_FALL_FACTOR * (levelDbfs - floor);
      return;
    }
    if (sound === 'tone') {
      this.#floorDb = floor;
      return;
    }
    const rise =
      sound === 'steady'
        ? this.#riseSteadyDbPerWindow
        : sound >= FLOOR_VOICED_MIN_SCORE
          ? this.#riseVoicedDbPerWindow
          : this.#riseUnvoicedDbPerWindow;
    this.#floorDb = Math.min(levelDbfs, floor + rise);
  }

  /** Averages the window down to the analysis rate. */
  #prepareAnalysis(window: Int16Array): void {
    const decimation = this.#decimation;
    const analysis = this.#analysis;
    for (let index = 0, source = 0; index < analysis.length; index++) {
      let sum = 0;
      for (let step = 0; step < decimation; step++) sum += window[source++]!;
      analysis[index] = sum / decimation;
    }
  }
}
