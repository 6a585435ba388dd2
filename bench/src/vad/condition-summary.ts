import { percentile } from '../reliability/statistics.js';
import type { UtteranceKind } from './corpus/corpus-plan.js';
import type { SceneOutcome } from './label-matching.js';

/** Median and 90th percentile of a set of delays, in seconds (null when there are none). */
export interface DelayStatistics {
  count: number;
  p50: number | null;
  p90: number | null;
}

/** Utterances and misses of one kind. */
export interface MissCount {
  utterances: number;
  missed: number;
}

/** How a VAD did on all scenes of one condition (or on a pool of conditions). */
export interface ConditionSummary {
  /** The speech condition or distractor, or the name of the pool. */
  condition: string;
  kind: 'speech' | 'distractor';
  scenes: number;
  minutes: number;
  utterances: number;
  missed: number;
  /** `missed / utterances` (null without utterances). */
  missedFraction: number | null;
  /** Misses by utterance kind (word, phrase, sentence). */
  missedByKind: Partial<Record<UtteranceKind, MissCount>>;
  /** Misses where the VAD was already in speech at the utterance's start. */
  missedWhileSpeaking: number;
  falseStarts: number;
  falseStartsPerMinute: number;
  startDelaySecs: DelayStatistics;
  stopDelaySecs: DelayStatistics;
  /** Detected utterances whose speech ran on into the next utterance or the scene's end. */
  ranOn: number;
  /** Times of the first false starts, for looking into them (scene id → seconds). */
  falseStartExamples: Array<{ scene: string; atSecs: number }>;
}

/** One scene's outcome with what is needed to summarise it. */
export interface ScoredScene {
  id: string;
  secs: number;
  utteranceKinds: readonly UtteranceKind[];
  outcome: SceneOutcome;
}

/** False starts kept as examples per summary. */
const FALSE_START_EXAMPLES = 12;

/** Median and 90th percentile by nearest rank. */
export function delayStatistics(values: readonly number[]): DelayStatistics {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, p50: null, p90: null };
  return { count: sorted.length, p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9) };
}

/** Sums the outcomes of `scenes` into one summary named `condition`. */
export function summarizeScenes(
  condition: string,
  kind: 'speech' | 'distractor',
  scenes: readonly ScoredScene[],
): ConditionSummary {
  const missedByKind: Partial<Record<UtteranceKind, MissCount>> = {};
  const startDelays: number[] = [];
  const stopDelays: number[] = [];
  let utterances = 0;
  let missed = 0;
  let missedWhileSpeaking = 0;
  let falseStarts = 0;
  let ranOn = 0;
  let secs = 0;
  const falseStartExamples: ConditionSummary['falseStartExamples'] = [];
  for (const scene of scenes) {
    secs += scene.secs;
    falseStarts += scene.outcome.falseStartSecs.length;
    for (const atSecs of scene.outcome.falseStartSecs) {
      if (falseStartExamples.length < FALSE_START_EXAMPLES)
        falseStartExamples.push({ scene: scene.id, atSecs });
    }
    scene.outcome.utterances.forEach((outcome, index) => {
      const utteranceKind = scene.utteranceKinds[index]!;
      const count = missedByKind[utteranceKind] ?? { utterances: 0, missed: 0 };
      missedByKind[utteranceKind] = count;
      count.utterances++;
      utterances++;
      if (!outcome.detected) {
        count.missed++;
        missed++;
        if (outcome.speakingAtOnset) missedWhileSpeaking++;
        return;
      }
      startDelays.push(outcome.startDelaySecs!);
      if (outcome.stopDelaySecs !== undefined) stopDelays.push(outcome.stopDelaySecs);
      if (outcome.ranOn) ranOn++;
    });
  }
  const minutes = secs / 60;
  return {
    condition,
    kind,
    scenes: scenes.length,
    minutes,
    utterances,
    missed,
    missedFraction: utterances === 0 ? null : missed / utterances,
    missedByKind,
    missedWhileSpeaking,
    falseStarts,
    falseStartsPerMinute: minutes === 0 ? 0 : falseStarts / minutes,
    startDelaySecs: delayStatistics(startDelays),
    stopDelaySecs: delayStatistics(stopDelays),
    ranOn,
    falseStartExamples,
  };
}
