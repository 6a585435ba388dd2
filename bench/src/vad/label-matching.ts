/** A confirmed change reported by a VAD, timed at the end of the chunk it was reported for. */
export interface TimedTransition {
  transition: 'started' | 'stopped';
  atSecs: number;
}

/** Where a labelled utterance is, in seconds from the start of its scene. */
export interface LabelledSpan {
  startSecs: number;
  endSecs: number;
}

/**
 * A start counts for an utterance when it comes between the utterance's start and this long after
 * its end (or the next utterance's start, whichever is first), in seconds: a short word is often
 * over before `startSecs` of it have been confirmed.
 */
export const START_TOLERANCE_SECS = 0.3;

/** How a VAD did on one utterance. */
export interface UtteranceOutcome {
  /** A start came within the utterance or the tolerance after it. */
  detected: boolean;
  /** First such start minus the utterance's start, in seconds. */
  startDelaySecs?: number;
  /**
   * The stop that ended the speech of the last such start, minus the utterance's end, in seconds
   * (negative when speech was cut off early). Absent when that speech ran on into the next
   * utterance or to the end of the scene.
   */
  stopDelaySecs?: number;
  /** The VAD was already in speech when the utterance began (so no new start could come). */
  speakingAtOnset: boolean;
  /** The speech that began here did not stop before the next utterance began (or the scene ended). */
  ranOn: boolean;
}

/** How a VAD did on one scene. */
export interface SceneOutcome {
  utterances: UtteranceOutcome[];
  /** Times of starts that belong to no utterance, in seconds. */
  falseStartSecs: number[];
}

/**
 * Matches a VAD's transitions in one scene against its labelled utterances (sorted, not
 * overlapping). In a scene without utterances every start is a false start.
 */
export function matchTransitions(
  utterances: readonly LabelledSpan[],
  transitions: readonly TimedTransition[],
  toleranceSecs: number = START_TOLERANCE_SECS,
): SceneOutcome {
  const startsOf: number[][] = utterances.map(() => []);
  const falseStartSecs: number[] = [];
  let next = 0;
  transitions.forEach((entry, index) => {
    if (entry.transition !== 'started') return;
    while (next < utterances.length && entry.atSecs >= windowEnd(utterances, next, toleranceSecs))
      next++;
    const utterance = utterances[next];
    if (utterance && entry.atSecs >= utterance.startSecs) startsOf[next]!.push(index);
    else falseStartSecs.push(entry.atSecs);
  });
  const outcomes = utterances.map((utterance, which): UtteranceOutcome => {
    const starts = startsOf[which]!;
    const speakingAtOnset = speakingAt(transitions, utterance.startSecs);
    if (starts.length === 0) return { detected: false, speakingAtOnset, ranOn: false };
    const first = transitions[starts[0]!]!;
    const stop = transitions[starts.at(-1)! + 1];
    const nextStart = utterances[which + 1]?.startSecs ?? Number.POSITIVE_INFINITY;
    const ranOn = stop === undefined || stop.atSecs > nextStart;
    return {
      detected: true,
      startDelaySecs: first.atSecs - utterance.startSecs,
      ...(ranOn ? {} : { stopDelaySecs: stop.atSecs - utterance.endSecs }),
      speakingAtOnset,
      ranOn,
    };
  });
  return { utterances: outcomes, falseStartSecs };
}

/** End of the time in which a start counts for utterance `which`. */
function windowEnd(
  utterances: readonly LabelledSpan[],
  which: number,
  toleranceSecs: number,
): number {
  const end = utterances[which]!.endSecs + toleranceSecs;
  const nextStart = utterances[which + 1]?.startSecs ?? Number.POSITIVE_INFINITY;
  return Math.min(end, nextStart);
}

/** Whether the VAD was in speech at `secs` (its last transition at or before then was a start). */
function speakingAt(transitions: readonly TimedTransition[], secs: number): boolean {
  let speaking = false;
  for (const entry of transitions) {
    if (entry.atSecs > secs) break;
    speaking = entry.transition === 'started';
  }
  return speaking;
}
