import {
  CALLER_LEVEL_DBFS,
  PHRASES,
  SENTENCES,
  SPEECH_LEAD_SECS,
  SPEECH_PAUSE_SECS,
  SPEECH_SCENE_MAX_SECS,
  UTTERANCE_LEVEL_SPREAD_DB,
  UTTERANCES_PER_VOICE,
  type UtteranceKind,
  WORDS,
} from './corpus-plan.js';
import { rmsForDbfs, scaleToRms } from './decibels.js';
import { addInto } from './envelope.js';
import { layoutClips } from './scene-layout.js';
import type { SeededRandom } from './seeded-random.js';
import { type SampleSpan, speechExtent } from './speech-extent.js';

/** Something a caller says. */
export interface UtteranceText {
  text: string;
  kind: UtteranceKind;
}

/** An utterance of a clean speech track, where it is and how loud. */
export interface PlacedUtterance extends UtteranceText, SampleSpan {
  /** Active level of the utterance, in dBFS. */
  levelDbfs: number;
}

/** One voice's utterances laid out with pauses, clean, with their labels. */
export interface CleanSpeechTrack {
  audio: Float64Array;
  utterances: PlacedUtterance[];
}

/** The words, phrases and sentences one voice says, in the order it says them. */
export function utterancesForVoice(random: SeededRandom): UtteranceText[] {
  const pick = (kind: UtteranceKind, texts: readonly string[]) =>
    random
      .shuffled(texts)
      .slice(0, UTTERANCES_PER_VOICE[kind])
      .map((text) => ({ text, kind }));
  return random.shuffled([
    ...pick('word', WORDS),
    ...pick('phrase', PHRASES),
    ...pick('sentence', SENTENCES),
  ]);
}

/**
 * Lays out synthesized clips (at `sampleRate`, in sample units) into one clean track: each clip
 * trimmed to its speech extent (the label), set to the caller's level ± a little, separated by
 * pauses. Clips that would not fit in the longest scene are left out.
 */
export function buildSpeechTrack(
  utterances: readonly UtteranceText[],
  clips: readonly Float64Array[],
  random: SeededRandom,
  sampleRate: number,
): CleanSpeechTrack {
  const callerLevel = random.between(...CALLER_LEVEL_DBFS);
  const trimmed = clips.map((clip, index) => {
    const extent = speechExtent(clip, sampleRate);
    if (!extent) throw new Error(`the synthesized clip "${utterances[index]!.text}" is silent`);
    const levelDbfs =
      callerLevel + random.between(-UTTERANCE_LEVEL_SPREAD_DB, UTTERANCE_LEVEL_SPREAD_DB);
    return { samples: clip.slice(extent.startSample, extent.endSample), levelDbfs };
  });
  const { placements, sceneSecs } = layoutClips(
    trimmed.map((clip) => clip.samples.length / sampleRate),
    random,
    SPEECH_LEAD_SECS,
    SPEECH_PAUSE_SECS,
    SPEECH_SCENE_MAX_SECS,
  );
  const audio = new Float64Array(Math.round(sceneSecs * sampleRate));
  const placed: PlacedUtterance[] = [];
  for (const placement of placements) {
    const clip = trimmed[placement.clip]!;
    const startSample = Math.round(placement.startSecs * sampleRate);
    addInto(audio, scaleToRms(clip.samples, rmsForDbfs(clip.levelDbfs)), startSample);
    placed.push({
      ...utterances[placement.clip]!,
      startSample,
      endSample: startSample + clip.samples.length,
      levelDbfs: clip.levelDbfs,
    });
  }
  return { audio, utterances: placed };
}
