import { describe, expect, it } from 'vitest';
import { HOLD_MUSIC_NOTES_HZ, HOLD_MUSIC_PATH } from '../bot/hold-music.js';
import { readMonoWav, SPEECH_FIXTURE_PATH } from './audio-fixtures.js';
import { energyShareAt } from './tone-energy.js';

describe('energyShareAt', () => {
  it('finds nearly all of the hold music at its notes, and little of speech', () => {
    const music = readMonoWav(HOLD_MUSIC_PATH);
    const speech = readMonoWav(SPEECH_FIXTURE_PATH);
    expect(energyShareAt(music.audio, HOLD_MUSIC_NOTES_HZ, music.sampleRate)).toBeGreaterThan(0.9);
    expect(energyShareAt(speech.audio, HOLD_MUSIC_NOTES_HZ, speech.sampleRate)).toBeLessThan(0.2);
  });

  it('is 0 for silence', () => {
    expect(energyShareAt(new Int16Array(8000), HOLD_MUSIC_NOTES_HZ, 8000)).toBe(0);
  });
});
