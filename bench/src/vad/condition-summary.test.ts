import { describe, expect, it } from 'vitest';
import { delayStatistics, type ScoredScene, summarizeScenes } from './condition-summary.js';

describe('delayStatistics', () => {
  it('gives the median and 90th percentile by nearest rank', () => {
    const values = Array.from({ length: 10 }, (_, index) => (10 - index) / 10);
    expect(delayStatistics(values)).toEqual({ count: 10, p50: 0.5, p90: 0.9 });
  });

  it('gives null statistics for no delays', () => {
    expect(delayStatistics([])).toEqual({ count: 0, p50: null, p90: null });
  });
});

describe('summarizeScenes', () => {
  const scenes: ScoredScene[] = [
    {
      id: 'a',
      secs: 30,
      utteranceKinds: ['word', 'sentence', 'word'],
      outcome: {
        utterances: [
          {
            detected: true,
            startDelaySecs: 0.2,
            stopDelaySecs: 0.3,
            speakingAtOnset: false,
            ranOn: false,
          },
          { detected: true, startDelaySecs: 0.4, speakingAtOnset: false, ranOn: true },
          { detected: false, speakingAtOnset: true, ranOn: false },
        ],
        falseStartSecs: [12],
      },
    },
    {
      id: 'b',
      secs: 90,
      utteranceKinds: ['phrase'],
      outcome: {
        utterances: [{ detected: false, speakingAtOnset: false, ranOn: false }],
        falseStartSecs: [1, 2, 3],
      },
    },
  ];

  it('counts misses overall, by kind and while speaking, and false starts per minute', () => {
    const summary = summarizeScenes('white 10 dB', 'speech', scenes);
    expect(summary).toMatchObject({
      scenes: 2,
      minutes: 2,
      utterances: 4,
      missed: 2,
      missedFraction: 0.5,
      missedWhileSpeaking: 1,
      falseStarts: 4,
      falseStartsPerMinute: 2,
      ranOn: 1,
      missedByKind: {
        word: { utterances: 2, missed: 1 },
        sentence: { utterances: 1, missed: 0 },
        phrase: { utterances: 1, missed: 1 },
      },
    });
    expect(summary.falseStartExamples[0]).toEqual({ scene: 'a', atSecs: 12 });
  });

  it('takes start delays of detected utterances and stop delays only where speech stopped in time', () => {
    const summary = summarizeScenes('white 10 dB', 'speech', scenes);
    expect(summary.startDelaySecs).toEqual({ count: 2, p50: 0.2, p90: 0.4 });
    expect(summary.stopDelaySecs).toEqual({ count: 1, p50: 0.3, p90: 0.3 });
  });

  it('gives no miss fraction for distractor scenes', () => {
    const summary = summarizeScenes('dtmf', 'distractor', [
      { id: 'd', secs: 60, utteranceKinds: [], outcome: { utterances: [], falseStartSecs: [] } },
    ]);
    expect(summary).toMatchObject({
      missedFraction: null,
      falseStarts: 0,
      falseStartsPerMinute: 0,
    });
  });
});
