import type { AudioInFilter } from '@x/transport-core';
import type { AnalyzerUnderTest, EngineUnderTest } from './engine-under-test.js';

/**
 * `analyzer` hearing what `filter` makes of the audio, as the input transport wires an
 * `audioInFilter` in front of its VAD: the filter starts with the analyzer's rate (mono) and every
 * chunk goes through it first. The chunk is copied: a filter may write into what it is given, and
 * the benchmark's chunks are views of shared scene audio.
 */
export function filteredAnalyzer(
  analyzer: AnalyzerUnderTest,
  filter: AudioInFilter,
): AnalyzerUnderTest {
  let started: Promise<void> = Promise.reject(
    new Error('setSampleRate was not called before analyzeAudio'),
  );
  started.catch(() => {});
  return {
    setSampleRate(sampleRate: number) {
      analyzer.setSampleRate(sampleRate);
      started = Promise.resolve(filter.start(sampleRate, 1));
    },
    async analyzeAudio(audio: Int16Array) {
      await started;
      return analyzer.analyzeAudio(filter.filter(audio.slice()));
    },
    get params() {
      return analyzer.params;
    },
  };
}

/** `engine` with a filter made by `createFilter` in front of each analyzer (id `<engine>+<filterId>`). */
export function withAudioInFilter(
  engine: EngineUnderTest,
  filterId: string,
  filterLabel: string,
  createFilter: () => AudioInFilter,
): EngineUnderTest {
  return {
    id: `${engine.id}+${filterId}`,
    label: `${engine.label}, ${filterLabel} in front`,
    family: engine.family,
    sampleRate: engine.sampleRate,
    create: (thresholds) => filteredAnalyzer(engine.create(thresholds), createFilter()),
  };
}
