/**
 * A synthetic voice that voice activity detectors take for speech: a harmonic source whose pitch
 * keeps moving (intonation), shaped by vowel formants that change from syllable to syllable, with
 * a syllable rhythm. Unlike a steady harmonic tone (which the core energy VAD rightly takes for a
 * note, not a voice), its pitch is never held and its spectrum never stays put.
 */

/** Formant frequencies (F1, F2, F3) of a few vowels, in Hz (adult male averages). */
const VOWEL_FORMANTS_HZ: readonly (readonly [number, number, number])[] = [
  [730, 1090, 2440], // a
  [270, 2290, 3010], // i
  [300, 870, 2240], // u
  [530, 1840, 2480], // e
  [570, 840, 2410], // o
  [660, 1720, 2410], // æ
];
/** Relative weight of each formant's resonance. */
const FORMANT_WEIGHTS = [1, 0.6, 0.3] as const;
/** Bandwidth of F1, in Hz; each higher formant is `FORMANT_BANDWIDTH_STEP_HZ` wider. */
const FORMANT_BANDWIDTH_HZ = 90;
const FORMANT_BANDWIDTH_STEP_HZ = 40;
/** Gain between formants, so every harmonic is heard a little. */
const FORMANT_FLOOR_GAIN = 0.02;
/** Mean pitch, in Hz, and its slow (phrase) and fast (accent) movements, as fractions of it. */
const MEAN_PITCH_HZ = 135;
const PHRASE_PITCH_DEPTH = 0.12;
const PHRASE_PITCH_RATE_HZ = 0.9;
const ACCENT_PITCH_DEPTH = 0.07;
const ACCENT_PITCH_RATE_HZ = 3.3;
/** The pitch falls by this fraction over the utterance (declination). */
const PITCH_DECLINATION = 0.05;
/** Shortest syllable, in seconds, and how much longer one may be. */
const SYLLABLE_MIN_SECS = 0.16;
const SYLLABLE_SPREAD_SECS = 0.12;
/** Loudness at a syllable's edges, as a fraction of its peak. */
const SYLLABLE_EDGE_LEVEL = 0.25;
/** Harmonics stop below this frequency (the telephone band ends at 3.4 kHz). */
const HIGHEST_HARMONIC_HZ = 3600;
/** Peak amplitude of the voice and of the breath noise under it, in sample units. */
const VOICE_AMPLITUDE = 6000;
const NOISE_AMPLITUDE = 150;
const PCM16_MAX = 32_767;
/** Seed of the syllable lengths and the noise, so the voice is the same every run. */
const SEED = 0x2545_f491;

interface Syllable {
  startSecs: number;
  lengthSecs: number;
  formantsHz: readonly [number, number, number];
}

/** A xorshift generator of numbers in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

function syllables(seconds: number, random: () => number): Syllable[] {
  const result: Syllable[] = [];
  for (let startSecs = 0, index = 0; startSecs < seconds; index++) {
    const lengthSecs = SYLLABLE_MIN_SECS + SYLLABLE_SPREAD_SECS * random();
    result.push({
      startSecs,
      lengthSecs,
      formantsHz: VOWEL_FORMANTS_HZ[index % VOWEL_FORMANTS_HZ.length]!,
    });
    startSecs += lengthSecs;
  }
  return result;
}

function pitchHz(timeSecs: number, seconds: number): number {
  const movement =
    1 +
    PHRASE_PITCH_DEPTH * Math.sin(2 * Math.PI * PHRASE_PITCH_RATE_HZ * timeSecs) +
    ACCENT_PITCH_DEPTH * Math.sin(2 * Math.PI * ACCENT_PITCH_RATE_HZ * timeSecs + 1);
  return MEAN_PITCH_HZ * movement * (1 - (PITCH_DECLINATION * timeSecs) / seconds);
}

/** Gain of the vocal tract at `frequencyHz`, gliding from `from` to `to` formants by `glide` (0–1). */
function formantGain(
  frequencyHz: number,
  from: readonly number[],
  to: readonly number[],
  glide: number,
): number {
  let gain = FORMANT_FLOOR_GAIN;
  for (let index = 0; index < FORMANT_WEIGHTS.length; index++) {
    const formant = from[index]! + (to[index]! - from[index]!) * glide;
    const bandwidth = FORMANT_BANDWIDTH_HZ + FORMANT_BANDWIDTH_STEP_HZ * index;
    gain += FORMANT_WEIGHTS[index]! / (1 + ((frequencyHz - formant) / bandwidth) ** 2);
  }
  return gain;
}

/** `seconds` of the synthetic voice at `sampleRate`, mono PCM16. */
export function syntheticVoice(sampleRate: number, seconds: number): Int16Array {
  const random = seededRandom(SEED);
  const parts = syllables(seconds, random);
  const pcm = new Int16Array(Math.round(sampleRate * seconds));
  let phase = 0;
  let current = 0;
  for (let index = 0; index < pcm.length; index++) {
    const timeSecs = index / sampleRate;
    while (current < parts.length - 1 && timeSecs >= parts[current + 1]!.startSecs) current++;
    const syllable = parts[current]!;
    const next = parts[Math.min(current + 1, parts.length - 1)]!;
    const progress = Math.min(1, (timeSecs - syllable.startSecs) / syllable.lengthSecs);
    const level =
      SYLLABLE_EDGE_LEVEL + (1 - SYLLABLE_EDGE_LEVEL) * Math.sqrt(Math.sin(Math.PI * progress));
    const pitch = pitchHz(timeSecs, seconds);
    phase += (2 * Math.PI * pitch) / sampleRate;
    const glide = progress * progress;
    let value = 0;
    for (let harmonic = 1; harmonic * pitch < HIGHEST_HARMONIC_HZ; harmonic++) {
      const gain = formantGain(harmonic * pitch, syllable.formantsHz, next.formantsHz, glide);
      value += (gain * Math.sin(harmonic * phase)) / Math.sqrt(harmonic);
    }
    const sample = VOICE_AMPLITUDE * level * value + NOISE_AMPLITUDE * (random() - 0.5);
    pcm[index] = Math.max(-PCM16_MAX, Math.min(PCM16_MAX, Math.round(sample)));
  }
  return pcm;
}
