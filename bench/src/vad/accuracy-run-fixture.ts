import type { ConditionSummary } from './condition-summary.js';
import type { AccuracyRun, CpuMeasurement } from './vad-results.js';

/** A condition summary for tests: the given fields over plausible defaults. */
export function conditionFixture(
  overrides: Partial<ConditionSummary> & Pick<ConditionSummary, 'condition' | 'kind'>,
): ConditionSummary {
  const speech = overrides.kind === 'speech';
  return {
    scenes: 6,
    minutes: speech ? 4.5 : 0.5,
    utterances: speech ? 78 : 0,
    missed: 0,
    missedFraction: speech ? 0 : null,
    missedByKind: speech ? { word: { utterances: 36, missed: 0 } } : {},
    missedWhileSpeaking: 0,
    falseStarts: 0,
    falseStartsPerMinute: 0,
    startDelaySecs: speech
      ? { count: 78, p50: 0.25, p90: 0.3 }
      : { count: 0, p50: null, p90: null },
    stopDelaySecs: speech
      ? { count: 78, p50: 0.25, p90: 0.35 }
      : { count: 0, p50: null, p90: null },
    ranOn: 0,
    falseStartExamples: [],
    ...overrides,
  };
}

/** An accuracy run for tests: clean and white 5 dB speech, DTMF and ringback distractors, no errors. */
export function accuracyRunFixture(
  engine: string,
  overrides: Partial<AccuracyRun> = {},
): AccuracyRun {
  const conditions = [
    conditionFixture({ condition: 'clean', kind: 'speech' }),
    conditionFixture({ condition: 'white 5 dB', kind: 'speech' }),
    conditionFixture({ condition: 'dtmf', kind: 'distractor' }),
    conditionFixture({ condition: 'ringback', kind: 'distractor' }),
  ];
  return {
    engine,
    label: engine,
    family: engine.startsWith('silero') ? 'silero' : 'energy',
    sampleRate: 8000,
    thresholds: 'engine defaults',
    params: { confidence: 0.7, startSecs: 0.2, stopSecs: 0.2, minVolume: 0.6 },
    streams: 4,
    callSecs: 600,
    cpuMs: 60,
    wallMs: 100,
    cpuMsPerCallSecond: 0.1,
    conditions,
    speech: conditionFixture({
      condition: 'all speech',
      kind: 'speech',
      utterances: 156,
      minutes: 9,
    }),
    distractors: conditionFixture({ condition: 'all distractors', kind: 'distractor', minutes: 6 }),
    missedByVoice: { 'en-us': { utterances: 26, missed: 0 } },
    missedExamples: [],
    ...overrides,
  };
}

/** A CPU measurement for tests. */
export function cpuFixture(
  engine: string,
  calls: number,
  cpuMsPerCallSecond: number,
): CpuMeasurement {
  return {
    engine,
    label: engine,
    family: engine.startsWith('silero') ? 'silero' : 'energy',
    sampleRate: engine.includes('16k') ? 16_000 : 8000,
    calls,
    secsPerCall: 10,
    runs: [
      {
        calls,
        callSecs: calls * 10,
        cpuMs: cpuMsPerCallSecond * calls * 10,
        wallMs: 1,
        cpuMsPerCallSecond,
      },
    ],
    cpuMsPerCallSecond,
    coresInRealTime: (cpuMsPerCallSecond * calls) / 1000,
  };
}
