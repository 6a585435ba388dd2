import {
  type ConditionSummary,
  type MissCount,
  type ScoredScene,
  summarizeScenes,
} from './condition-summary.js';
import type { LoadedScene } from './corpus/load-corpus.js';
import { matchTransitions, type TimedTransition } from './label-matching.js';

/** Summaries of one pass over the corpus: per condition, the two pools, and misses by voice. */
export interface CorpusScores {
  conditions: ConditionSummary[];
  speech: ConditionSummary;
  distractors: ConditionSummary;
  missedByVoice: Record<string, MissCount>;
  /** The first missed utterances over all speech scenes, for looking into them. */
  missedExamples: MissedUtterance[];
}

/** A missed utterance: which scene, what was said and when. */
export interface MissedUtterance {
  scene: string;
  voice: string;
  condition: string;
  text: string;
  startSecs: number;
  /** The VAD was still in speech from before when it began. */
  speakingAtOnset: boolean;
}

/** Missed utterances kept as examples per pass. */
const MISSED_EXAMPLES = 60;

/**
 * Scores `transitions[i]` against the labels of `scenes[i]`, grouped by condition in the order
 * the conditions first appear (speech conditions, then distractors).
 */
export function scoreCorpus(
  scenes: readonly LoadedScene[],
  transitions: readonly TimedTransition[][],
): CorpusScores {
  const scored = scenes.map((loaded, index): ScoredScene & { loaded: LoadedScene } => ({
    loaded,
    id: loaded.scene.id,
    secs: loaded.scene.secs,
    utteranceKinds: loaded.utterances.map((utterance) => utterance.kind),
    outcome: matchTransitions(loaded.utterances, transitions[index] ?? []),
  }));
  const groups = new Map<string, typeof scored>();
  for (const scene of scored) {
    const key = `${scene.loaded.scene.kind}\u0000${scene.loaded.scene.condition}`;
    groups.set(key, [...(groups.get(key) ?? []), scene]);
  }
  const conditions = [...groups.values()].map((group) =>
    summarizeScenes(group[0]!.loaded.scene.condition, group[0]!.loaded.scene.kind, group),
  );
  const speechScenes = scored.filter((scene) => scene.loaded.scene.kind === 'speech');
  const missedByVoice: Record<string, MissCount> = {};
  const missedExamples: MissedUtterance[] = [];
  for (const scene of speechScenes) {
    const voice = scene.loaded.scene.voice ?? 'unknown';
    const count = missedByVoice[voice] ?? { utterances: 0, missed: 0 };
    missedByVoice[voice] = count;
    count.utterances += scene.outcome.utterances.length;
    scene.outcome.utterances.forEach((outcome, index) => {
      if (outcome.detected) return;
      count.missed++;
      const label = scene.loaded.utterances[index]!;
      if (missedExamples.length < MISSED_EXAMPLES) {
        missedExamples.push({
          scene: scene.id,
          voice,
          condition: scene.loaded.scene.condition,
          text: label.text,
          startSecs: label.startSecs,
          speakingAtOnset: outcome.speakingAtOnset,
        });
      }
    });
  }
  return {
    conditions,
    speech: summarizeScenes('all speech', 'speech', speechScenes),
    distractors: summarizeScenes(
      'all distractors',
      'distractor',
      scored.filter((scene) => scene.loaded.scene.kind === 'distractor'),
    ),
    missedByVoice,
    missedExamples,
  };
}
