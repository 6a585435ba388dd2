import type { NoiseColour } from './noise-colours.js';
import type { SecondsRange } from './scene-layout.js';
import type { Voice } from './speech-synthesis.js';

/**
 * What the VAD corpus holds. Changing anything here changes the corpus (and its fingerprint).
 * All text is written for this corpus; all sound is synthesized (no recordings, no copyrighted
 * audio).
 */

/** Seed of every random choice in the corpus. */
export const CORPUS_SEED = 20_261_209;

/** A speaker: a name for reports and an espeak-ng voice. */
export interface CorpusVoice extends Voice {
  name: string;
}

/** Six espeak-ng voices: American and British, male and female variants, different rates. */
export const CORPUS_VOICES: readonly CorpusVoice[] = Object.freeze([
  { name: 'en-us', espeakVoice: 'en-us', wordsPerMinute: 165, pitch: 50 },
  { name: 'en-gb', espeakVoice: 'en-gb', wordsPerMinute: 155, pitch: 40 },
  { name: 'en+f3', espeakVoice: 'en+f3', wordsPerMinute: 170, pitch: 60 },
  { name: 'en+m3', espeakVoice: 'en+m3', wordsPerMinute: 150, pitch: 35 },
  { name: 'en-us+f4', espeakVoice: 'en-us+f4', wordsPerMinute: 180, pitch: 65 },
  { name: 'en-gb-scotland+m7', espeakVoice: 'en-gb-scotland+m7', wordsPerMinute: 160, pitch: 45 },
]);

/** How long an utterance is: one word, a short phrase, or a sentence. */
export type UtteranceKind = 'word' | 'phrase' | 'sentence';

/** One-word answers, the hardest for a VAD (shorter than half a second). */
export const WORDS: readonly string[] = Object.freeze([
  'yes',
  'no',
  'stop',
  'okay',
  'hello',
  'wait',
  'sorry',
  'help',
]);

export const PHRASES: readonly string[] = Object.freeze([
  'Thank you very much.',
  'Hold on a second.',
  'Okay, sounds good.',
  "Yes, that's right.",
  'No, not really.',
  'Can you hear me?',
]);

export const SENTENCES: readonly string[] = Object.freeze([
  'I would like to check the status of my order, please.',
  'Can you tell me when the next appointment is available?',
  'My account number is four seven two nine, and the zip code is nine oh two one oh.',
  'No, that is not what I asked for. I need to speak to someone about my bill.',
  'Yes, please send the confirmation to my email address.',
  'Could you repeat that a little more slowly?',
  'I have been waiting on hold for twenty minutes already.',
  'The package was supposed to arrive on Tuesday, but it never came.',
  'Actually, let me think about it for a moment.',
  'Hello, is anybody there? I can hardly hear you.',
  'Please cancel my subscription starting next month.',
  'What time does the store close on Saturday?',
]);

/** Utterances of each kind per voice (drawn from the lists above, shuffled per voice). */
export const UTTERANCES_PER_VOICE: Readonly<Record<UtteranceKind, number>> = Object.freeze({
  word: 6,
  phrase: 3,
  sentence: 4,
});

/** Quiet before the first utterance of a scene, and between utterances, in seconds. */
export const SPEECH_LEAD_SECS: SecondsRange = [1, 2];
export const SPEECH_PAUSE_SECS: SecondsRange = [1, 3];
/** Longest speech scene, in seconds. */
export const SPEECH_SCENE_MAX_SECS = 60;
/** Active speech level of a caller (one per scene), in dBFS, and the spread per utterance, in dB. */
export const CALLER_LEVEL_DBFS: SecondsRange = [-30, -22];
export const UTTERANCE_LEVEL_SPREAD_DB = 2;

/** The quiet of a phone line under everything: white noise at this level, in dBFS. */
export const LINE_FLOOR_DBFS = -66;

/** A background under the speech: noise of a colour or hold music, at an SNR. */
export interface SpeechCondition {
  /** Name in reports, e.g. `white 10 dB`. */
  name: string;
  background: 'none' | NoiseColour | 'music';
  /** Active speech level over the background's RMS, in dB (absent when clean). */
  snrDb?: number;
}

/** Clean speech; white, pink and brown noise at 20, 10 and 5 dB; hold music at 10 and 5 dB. */
export const SPEECH_CONDITIONS: readonly SpeechCondition[] = Object.freeze([
  { name: 'clean', background: 'none' },
  ...(['white', 'pink', 'brown'] as const).flatMap((colour) =>
    [20, 10, 5].map((snrDb) => ({ name: `${colour} ${snrDb} dB`, background: colour, snrDb })),
  ),
  { name: 'music 10 dB', background: 'music', snrDb: 10 },
  { name: 'music 5 dB', background: 'music', snrDb: 5 },
]);

/** Sounds that are not speech, each a scene of its own. */
export const DISTRACTOR_KINDS = [
  'dtmf',
  'dial tone',
  'ringback',
  'busy',
  'reorder',
  'special information tone',
  'fax calling tone',
  'fax answer tone',
  'hold music',
  'clicks',
  'hum 50 Hz',
  'hum 60 Hz',
  'white noise',
  'pink noise',
  'brown noise',
] as const;

export type DistractorKind = (typeof DISTRACTOR_KINDS)[number];

/** Length of each distractor scene, in seconds (15 scenes: 7.5 minutes). */
export const DISTRACTOR_SCENE_SECS = 30;
