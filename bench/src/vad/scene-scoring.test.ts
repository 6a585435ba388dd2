import { describe, expect, it } from 'vitest';
import type { LoadedScene } from './corpus/load-corpus.js';
import { scoreCorpus } from './scene-scoring.js';

function scene(
  id: string,
  kind: 'speech' | 'distractor',
  condition: string,
  voice?: string,
): LoadedScene {
  return {
    scene: {
      id,
      kind,
      condition,
      ...(voice ? { voice } : {}),
      secs: 60,
      files: { '8000': `${id}.8k.wav`, '16000': `${id}.16k.wav` },
      sha256: '',
      clippedSamples: 0,
    },
    utterances:
      kind === 'speech'
        ? [
            { text: 'yes', kind: 'word', startSecs: 1, endSecs: 1.4, levelDbfs: -26 },
            { text: 'A sentence.', kind: 'sentence', startSecs: 3, endSecs: 6, levelDbfs: -26 },
          ]
        : [],
    audio: new Map(),
  };
}

describe('scoreCorpus', () => {
  it('groups scenes by condition in order, pools speech and distractors, and lists misses by voice', () => {
    const scenes = [
      scene('a', 'speech', 'clean', 'en-us'),
      scene('b', 'speech', 'clean', 'en-gb'),
      scene('c', 'speech', 'white 5 dB', 'en-us'),
      scene('d', 'distractor', 'dtmf'),
    ];
    const started = (atSecs: number) => ({ transition: 'started' as const, atSecs });
    const stopped = (atSecs: number) => ({ transition: 'stopped' as const, atSecs });
    const scores = scoreCorpus(scenes, [
      [started(1.2), stopped(1.6), started(3.2), stopped(6.2)],
      [started(3.2), stopped(6.2)],
      [started(3.2), stopped(6.2)],
      [started(10), stopped(10.5)],
    ]);
    expect(scores.conditions.map((entry) => [entry.condition, entry.scenes])).toEqual([
      ['clean', 2],
      ['white 5 dB', 1],
      ['dtmf', 1],
    ]);
    expect(scores.speech).toMatchObject({ utterances: 6, missed: 2 });
    expect(scores.distractors).toMatchObject({ falseStarts: 1, minutes: 1 });
    expect(scores.missedByVoice).toEqual({
      'en-us': { utterances: 4, missed: 1 },
      'en-gb': { utterances: 2, missed: 1 },
    });
    expect(scores.missedExamples).toEqual([
      {
        scene: 'b',
        voice: 'en-gb',
        condition: 'clean',
        text: 'yes',
        startSecs: 1,
        speakingAtOnset: false,
      },
      {
        scene: 'c',
        voice: 'en-us',
        condition: 'white 5 dB',
        text: 'yes',
        startSecs: 1,
        speakingAtOnset: false,
      },
    ]);
  });
});
