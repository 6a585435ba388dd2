import { describe, expect, it } from 'vitest';
import { holdMusicScore, midiToHz } from './music-score.js';
import { SeededRandom } from './seeded-random.js';

describe('holdMusicScore', () => {
  it('fills the length asked for with pad, bass and melody notes that never overlap in the melody', () => {
    const notes = holdMusicScore(new SeededRandom(1), 30);
    const end = Math.max(...notes.map((note) => note.startSecs + note.secs));
    expect(end).toBeGreaterThanOrEqual(30);
    for (const instrument of ['pad', 'bass', 'melody'] as const) {
      expect(notes.some((note) => note.instrument === instrument)).toBe(true);
    }
    const melody = notes.filter((note) => note.instrument === 'melody');
    melody.forEach((note, index) => {
      const next = melody[index + 1];
      if (next) expect(next.startSecs).toBeGreaterThanOrEqual(note.startSecs + note.secs - 1e-9);
    });
  });

  it('keeps every frequency within the telephone band', () => {
    for (const note of holdMusicScore(new SeededRandom(2), 60)) {
      for (const frequency of note.frequenciesHz) {
        expect(frequency).toBeGreaterThan(40);
        expect(frequency).toBeLessThan(3400);
      }
    }
  });

  it('writes the same piece for the same seed', () => {
    expect(holdMusicScore(new SeededRandom(3), 20)).toEqual(
      holdMusicScore(new SeededRandom(3), 20),
    );
  });
});

describe('midiToHz', () => {
  it('puts A4 at 440 Hz and an octave at twice the frequency', () => {
    expect(midiToHz(69)).toBe(440);
    expect(midiToHz(81)).toBeCloseTo(880, 9);
  });
});
