import type { SeededRandom } from './seeded-random.js';

/** The instruments of the hold music, each rendered by sox. */
export type Instrument = 'melody' | 'bass' | 'pad';

/** One note (or chord, for the pad) of the score. */
export interface MusicNote {
  instrument: Instrument;
  /** Frequencies sounding together, in Hz (one for melody and bass, three for the pad). */
  frequenciesHz: number[];
  startSecs: number;
  secs: number;
  /** Gain relative to full level, 0–1. */
  gain: number;
}

/** Tempi of the pieces, in beats per minute. */
const TEMPI_BPM = [92, 104, 116];
/** Keys: MIDI note of the tonic in the melody's octave (C4, D4, F4, G4). */
const TONICS_MIDI = [60, 62, 65, 67];
/** Chord progressions in scale degrees (I–V–vi–IV and I–vi–IV–V). */
const PROGRESSIONS = [
  [0, 4, 5, 3],
  [0, 5, 3, 4],
];
/** The major scale in semitones, and its pentatonic subset for the melody. */
const MAJOR_SCALE = [0, 2, 4, 5, 7, 9, 11];
const PENTATONIC_DEGREES = [0, 1, 2, 4, 5];
/** Chance that a melody slot is a rest, and that a melody note lasts a quarter instead of an eighth. */
const REST_CHANCE = 0.2;
const QUARTER_CHANCE = 0.35;
const BEATS_PER_BAR = 4;

/** Frequency of a MIDI note, in Hz (A4 = 69 = 440 Hz). */
export function midiToHz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

/** Semitones above the tonic of scale degree `degree` (may exceed an octave). */
function semitonesOf(degree: number): number {
  const octave = Math.floor(degree / MAJOR_SCALE.length);
  return 12 * octave + MAJOR_SCALE[((degree % 7) + 7) % 7]!;
}

/**
 * A piece of simple hold music of at least `secs`: a pad chord per bar, bass on beats one and
 * three, and a pentatonic melody in eighths and quarters. Key, tempo, progression and melody come
 * from `random`.
 */
export function holdMusicScore(random: SeededRandom, secs: number): MusicNote[] {
  const beatSecs = 60 / random.pick(TEMPI_BPM);
  const tonic = random.pick(TONICS_MIDI);
  const progression = random.pick(PROGRESSIONS);
  const notes: MusicNote[] = [];
  let melodyStep = random.integer(0, 9);
  const barSecs = BEATS_PER_BAR * beatSecs;
  for (let bar = 0; bar * barSecs < secs; bar++) {
    const barStart = bar * barSecs;
    const root = progression[bar % progression.length]!;
    const chord = [root, root + 2, root + 4].map((degree) =>
      midiToHz(tonic - 12 + semitonesOf(degree)),
    );
    notes.push({
      instrument: 'pad',
      frequenciesHz: chord,
      startSecs: barStart,
      secs: barSecs,
      gain: 0.35,
    });
    for (const beat of [0, 2]) {
      notes.push({
        instrument: 'bass',
        frequenciesHz: [midiToHz(tonic - 24 + semitonesOf(root))],
        startSecs: barStart + beat * beatSecs,
        secs: 2 * beatSecs,
        gain: 0.6,
      });
    }
    let time = 0;
    while (time < BEATS_PER_BAR - 1e-9) {
      const length = random.next() < QUARTER_CHANCE && time + 1 <= BEATS_PER_BAR ? 1 : 0.5;
      if (random.next() >= REST_CHANCE) {
        melodyStep = Math.max(0, Math.min(9, melodyStep + random.integer(-2, 2)));
        const degree = PENTATONIC_DEGREES[melodyStep % 5]! + 7 * Math.floor(melodyStep / 5);
        notes.push({
          instrument: 'melody',
          frequenciesHz: [midiToHz(tonic + semitonesOf(degree))],
          startSecs: barStart + time * beatSecs,
          secs: length * beatSecs,
          gain: 0.8,
        });
      }
      time += length;
    }
  }
  return notes;
}
