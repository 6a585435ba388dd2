import type { AudioInFilter } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import type { AnalyzerUnderTest, EngineUnderTest } from './engine-under-test.js';
import { filteredAnalyzer, withAudioInFilter } from './filtered-engine.js';

/** Doubles every sample in place and records its calls. */
class DoublingFilter implements AudioInFilter {
  readonly calls: string[] = [];
  start(sampleRate: number, numChannels: number): void {
    this.calls.push(`start ${sampleRate} ${numChannels}`);
  }
  filter(audio: Int16Array): Int16Array {
    for (let index = 0; index < audio.length; index++) audio[index]! *= 2;
    return audio;
  }
  stop(): void {}
}

/** Records what it was given. */
function recordingAnalyzer(heard: number[][]): AnalyzerUnderTest {
  return {
    setSampleRate() {},
    async analyzeAudio(audio) {
      heard.push([...audio]);
      return { transitions: [] };
    },
    params: { confidence: 0.7 },
  };
}

describe('filteredAnalyzer', () => {
  it('starts the filter with the rate, mono, and hands the analyzer the filtered audio', async () => {
    const heard: number[][] = [];
    const filter = new DoublingFilter();
    const analyzer = filteredAnalyzer(recordingAnalyzer(heard), filter);
    analyzer.setSampleRate(8000);
    await analyzer.analyzeAudio(Int16Array.of(1, 2, 3));
    expect(filter.calls).toEqual(['start 8000 1']);
    expect(heard).toEqual([[2, 4, 6]]);
    expect(analyzer.params).toEqual({ confidence: 0.7 });
  });

  it('leaves the audio it is given untouched (the scene audio is shared between engines)', async () => {
    const analyzer = filteredAnalyzer(recordingAnalyzer([]), new DoublingFilter());
    analyzer.setSampleRate(8000);
    const scene = Int16Array.of(1, 2, 3, 4);
    await analyzer.analyzeAudio(scene.subarray(0, 2));
    expect([...scene]).toEqual([1, 2, 3, 4]);
  });
});

describe('withAudioInFilter', () => {
  it('names the variant after the engine and the filter and keeps its rate and family', () => {
    const engine: EngineUnderTest = {
      id: 'energy-8k',
      label: 'energy, 8 kHz',
      family: 'energy',
      sampleRate: 8000,
      create: () => recordingAnalyzer([]),
    };
    const variant = withAudioInFilter(engine, 'rnnoise', 'RNNoise', () => new DoublingFilter());
    expect(variant).toMatchObject({
      id: 'energy-8k+rnnoise',
      label: 'energy, 8 kHz, RNNoise in front',
      family: 'energy',
      sampleRate: 8000,
    });
  });
});
