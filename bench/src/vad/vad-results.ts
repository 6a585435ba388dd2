import type { MachineInfo } from '../support/machine.js';
import type { ConditionSummary, MissCount } from './condition-summary.js';
import type { CorpusToolVersions } from './corpus/external-tools.js';
import type { CpuRun } from './cpu-per-call-second.js';
import type { MissedUtterance } from './scene-scoring.js';
import type { VadOptions } from './vad-options.js';

/** Which thresholds a run used. */
export type ThresholdsName = 'engine defaults' | 'echo bot';

/** How one engine configuration did on the whole corpus with one set of thresholds. */
export interface AccuracyRun {
  engine: string;
  label: string;
  family: 'energy' | 'silero';
  sampleRate: number;
  thresholds: ThresholdsName;
  /** The analyzer's resolved parameters, as it reports them. */
  params: unknown;
  /** Scenes fed at once, in step (the batch an engine could form). */
  streams: number;
  callSecs: number;
  cpuMs: number;
  wallMs: number;
  /** CPU of the whole pass over the corpus per second of audio, in milliseconds. */
  cpuMsPerCallSecond: number;
  /** Per speech condition, then per distractor. */
  conditions: ConditionSummary[];
  /** All speech scenes pooled. */
  speech: ConditionSummary;
  /** All distractor scenes pooled. */
  distractors: ConditionSummary;
  /** Misses by voice over all speech conditions. */
  missedByVoice: Record<string, MissCount>;
  /** The first missed utterances, with scene, text and time. */
  missedExamples: MissedUtterance[];
}

/** Inferences and windows of the shared Silero batcher during one CPU measurement. */
export interface BatchStatistics {
  runs: number;
  windows: number;
  averageBatch: number;
}

/** CPU per call-second of one engine configuration at one call count. */
export interface CpuMeasurement {
  engine: string;
  label: string;
  family: 'energy' | 'silero' | 'harness';
  sampleRate: number;
  calls: number;
  secsPerCall: number;
  /** Every repeat, in the order run. */
  runs: CpuRun[];
  /** Median over the repeats, in milliseconds of CPU per second of one call. */
  cpuMsPerCallSecond: number;
  /** CPU needed to keep up with that many calls in real time, in cores (median). */
  coresInRealTime: number;
  /** Batching statistics of the last repeat (batched Silero only). */
  batches?: BatchStatistics;
}

/** What the corpus was. */
export interface CorpusSummary {
  fingerprint: string;
  directory: string;
  reused: boolean;
  tools: CorpusToolVersions;
  seed: number;
  line: string;
  voices: string[];
  conditions: string[];
  distractors: string[];
  speechScenes: number;
  speechMinutes: number;
  utterances: number;
  utterancesByKind: Record<string, number>;
  distractorScenes: number;
  distractorMinutes: number;
  /** Whether every scene's audio hash equals the committed manifest's (null: none committed). */
  sameAsCommittedManifest: boolean | null;
}

/** Pass or fail of one target of the issue. */
export interface TargetCheck {
  target: string;
  engine: string;
  thresholds: ThresholdsName | 'any';
  measured: string;
  verdict: 'pass' | 'FAIL' | 'not run';
}

/** Everything the `vad` benchmark measured. */
export interface VadResults {
  machine: MachineInfo;
  options: VadOptions;
  corpus: CorpusSummary;
  /** Thresholds of each named set (engine defaults as core resolves them, the echo bot's). */
  thresholds: Record<ThresholdsName, unknown>;
  toneRejectionInCore: boolean;
  unavailable: Array<{ family: string; reason: string }>;
  accuracy: AccuracyRun[];
  cpu: CpuMeasurement[];
  targets: TargetCheck[];
  wallSecs: number;
}
