import type { VADParams } from '@x/transport-core';

/** What the benchmark needs of a VAD analyzer (the shape of core's `VADAnalyzer`). */
export interface AnalyzerUnderTest {
  setSampleRate(sampleRate: number): void;
  analyzeAudio(audio: Int16Array): Promise<{ readonly transitions: readonly string[] }>;
  /** The thresholds in use, when the analyzer tells. */
  readonly params?: unknown;
}

/** Thresholds an engine runs with, plus engine-specific options (`rejectTelephonyTones`, …). */
export type ThresholdsUnderTest = Partial<VADParams> & Record<string, unknown>;

/** One engine configuration the benchmark runs. */
export interface EngineUnderTest {
  /** Short stable id, used in the JSON. */
  id: string;
  /** Name in the report. */
  label: string;
  family: 'energy' | 'silero';
  /** Rate of the audio it analyses: 8000 (the phone line) or 16000 (upsampled). */
  sampleRate: number;
  /** A new analyzer for one call with `thresholds` (and the configuration's own options). */
  create(thresholds: ThresholdsUnderTest): AnalyzerUnderTest;
}
