import { LoopedSoundMixer } from '@x/transport-core';
import { ASSETS_DIRECTORY, loadPrompt, type Prompt } from './prompts.js';

/** The committed hold music (`scripts/generate-hold-music.mjs`): 4 s, 8 kHz mono, looped. */
export const HOLD_MUSIC_PATH = `${ASSETS_DIRECTORY}/hold-music.wav`;
/**
 * Every note of the hold music's chords (C, Am, F, G), in Hz: the sound is these sines and
 * nothing else, which is how the tests recognise it.
 */
export const HOLD_MUSIC_NOTES_HZ: readonly number[] = Object.freeze([
  174.61, 196.0, 220.0, 246.94, 261.63, 293.66, 329.63, 392.0,
]);
/** Gain of the hold music on the line (0 silent, 1 as recorded). */
export const HOLD_MUSIC_VOLUME = 0.8;
/**
 * How long the bot "thinks" with hold music playing before each echo (`HOLD_MUSIC=on`), in
 * milliseconds: long enough to hear a chord change.
 */
export const HOLD_MUSIC_THINKING_MS = 2000;

/** Loads the committed hold music. */
export function loadHoldMusic(path = HOLD_MUSIC_PATH): Promise<Prompt> {
  return loadPrompt(path);
}

/**
 * The output mixer of one call (`audioOutMixer`): the hold music, off until the bot enables it
 * with a `MixerControlFrame` (one per call: it keeps its place in the loop).
 */
export function holdMusicMixer(music: Prompt): LoopedSoundMixer {
  return new LoopedSoundMixer({
    sound: { audio: music.audio, sampleRate: music.sampleRate, numChannels: 1 },
    volume: HOLD_MUSIC_VOLUME,
    enabled: false,
  });
}
