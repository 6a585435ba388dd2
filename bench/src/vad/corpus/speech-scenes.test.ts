import { describe, expect, it } from 'vitest';
import { UTTERANCES_PER_VOICE } from './corpus-plan.js';
import { rootMeanSquare } from './decibels.js';
import { SeededRandom } from './seeded-random.js';
import { buildSpeechTrack, utterancesForVoice } from './speech-scenes.js';

const RATE = 8000;

/** A fake synthesized clip: quiet padding around a tone of `secs`. */
function clip(secs: number): Float64Array {
  const padding = RATE / 10;
  const signal = new Float64Array(Math.round(secs * RATE) + 2 * padding);
  for (let index = padding; index < signal.length - padding; index++) {
    signal[index] = 8000 * Math.sin(index / 3);
  }
  return signal;
}

describe('utterancesForVoice', () => {
  it('picks the planned number of words, phrases and sentences', () => {
    const utterances = utterancesForVoice(new SeededRandom(1));
    for (const kind of ['word', 'phrase', 'sentence'] as const) {
      expect(utterances.filter((utterance) => utterance.kind === kind)).toHaveLength(
        UTTERANCES_PER_VOICE[kind],
      );
    }
  });
});

describe('buildSpeechTrack', () => {
  it('labels each utterance exactly where its trimmed sound is, at its level', () => {
    const utterances = [
      { text: 'yes', kind: 'word' as const },
      { text: 'a sentence', kind: 'sentence' as const },
    ];
    const track = buildSpeechTrack(utterances, [clip(0.4), clip(2)], new SeededRandom(3), RATE);
    expect(track.utterances).toHaveLength(2);
    const [first, second] = track.utterances;
    expect(first!.endSample - first!.startSample).toBe(0.4 * RATE);
    expect(second!.endSample - second!.startSample).toBe(2 * RATE);
    expect(rootMeanSquare(track.audio, 0, first!.startSample)).toBe(0);
    expect(rootMeanSquare(track.audio, first!.endSample, second!.startSample)).toBe(0);
    const level =
      20 * Math.log10(rootMeanSquare(track.audio, first!.startSample, first!.endSample) / 32_768);
    expect(level).toBeCloseTo(first!.levelDbfs, 6);
    expect(first!.levelDbfs).toBeGreaterThanOrEqual(-32);
    expect(first!.levelDbfs).toBeLessThanOrEqual(-20);
  });
});
