import { describe, expect, it } from 'vitest';
import { matchTransitions, type TimedTransition } from './label-matching.js';

const started = (atSecs: number): TimedTransition => ({ transition: 'started', atSecs });
const stopped = (atSecs: number): TimedTransition => ({ transition: 'stopped', atSecs });

const utterances = [
  { startSecs: 1, endSecs: 1.4 },
  { startSecs: 3, endSecs: 6 },
];

describe('matchTransitions', () => {
  it('detects an utterance whose start comes within it, with start and stop delays', () => {
    const outcome = matchTransitions(utterances, [
      started(1.24),
      stopped(1.66),
      started(3.2),
      stopped(6.3),
    ]);
    expect(outcome.falseStartSecs).toEqual([]);
    expect(outcome.utterances[0]).toMatchObject({
      detected: true,
      speakingAtOnset: false,
      ranOn: false,
    });
    expect(outcome.utterances[0]!.startDelaySecs).toBeCloseTo(0.24, 9);
    expect(outcome.utterances[0]!.stopDelaySecs).toBeCloseTo(0.26, 9);
    expect(outcome.utterances[1]!.startDelaySecs).toBeCloseTo(0.2, 9);
    expect(outcome.utterances[1]!.stopDelaySecs).toBeCloseTo(0.3, 9);
  });

  it('still detects a short word whose start is confirmed just after it ends, within the tolerance', () => {
    const outcome = matchTransitions(utterances, [started(1.65), stopped(1.9)], 0.3);
    expect(outcome.utterances[0]!.detected).toBe(true);
    expect(outcome.falseStartSecs).toEqual([]);
  });

  it('misses an utterance whose only start comes after the tolerance, and counts that start as false', () => {
    const outcome = matchTransitions(utterances, [started(1.75), stopped(2)], 0.3);
    expect(outcome.utterances[0]!.detected).toBe(false);
    expect(outcome.falseStartSecs).toEqual([1.75]);
  });

  it('counts starts before, between and after utterances as false starts', () => {
    const transitions = [
      started(0.5),
      stopped(0.8),
      started(2.2),
      stopped(2.5),
      started(8),
      stopped(8.4),
    ];
    const outcome = matchTransitions(utterances, transitions);
    expect(outcome.falseStartSecs).toEqual([0.5, 2.2, 8]);
    expect(outcome.utterances.every((utterance) => !utterance.detected)).toBe(true);
  });

  it('takes the stop of the last start inside a long utterance, and does not count restarts as false', () => {
    const transitions = [started(3.25), stopped(4.1), started(4.6), stopped(6.25)];
    const outcome = matchTransitions(utterances, transitions);
    expect(outcome.falseStartSecs).toEqual([]);
    expect(outcome.utterances[1]!.startDelaySecs).toBeCloseTo(0.25, 9);
    expect(outcome.utterances[1]!.stopDelaySecs).toBeCloseTo(0.25, 9);
  });

  it('gives a negative stop delay when speech was cut off before the utterance ended', () => {
    const outcome = matchTransitions(utterances, [started(3.2), stopped(5.5)]);
    expect(outcome.utterances[1]!.stopDelaySecs).toBeCloseTo(-0.5, 9);
  });

  it('misses an utterance that begins while the VAD is still in speech, and marks the earlier one as run on', () => {
    const outcome = matchTransitions(utterances, [started(1.2), stopped(6.4)]);
    expect(outcome.utterances[0]).toMatchObject({ detected: true, ranOn: true });
    expect(outcome.utterances[0]!.stopDelaySecs).toBeUndefined();
    expect(outcome.utterances[1]).toMatchObject({ detected: false, speakingAtOnset: true });
  });

  it('marks speech that never stopped before the end of the scene as run on', () => {
    const outcome = matchTransitions(utterances, [started(1.2), stopped(1.6), started(3.2)]);
    expect(outcome.utterances[1]).toMatchObject({ detected: true, ranOn: true });
  });

  it('counts every start of a scene without utterances as false', () => {
    const outcome = matchTransitions([], [started(1), stopped(1.5), started(2)]);
    expect(outcome).toEqual({ utterances: [], falseStartSecs: [1, 2] });
  });
});
