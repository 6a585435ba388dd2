import type { MachineInfo } from '../support/machine.js';
import type { CpuRun } from '../vad/cpu-per-call-second.js';
import type { AccuracyRun } from '../vad/vad-results.js';
import type { RNNoiseBenchOptions } from './rnnoise-options.js';

/** What was timed in one CPU measurement. */
export type RNNoiseCpuSubject = 'filter' | 'resamplers only' | 'harness only';

/** CPU per call-second of one subject at one rate and call count (median of the repeats). */
export interface RNNoiseCpuMeasurement {
  subject: RNNoiseCpuSubject;
  sampleRate: number;
  calls: number;
  secsPerCall: number;
  runs: CpuRun[];
  /** Milliseconds of CPU per second of one call (median). */
  cpuMsPerCallSecond: number;
}

/** Everything the `audio-filter-rnnoise` benchmark measured. */
export interface RNNoiseBenchResults {
  machine: MachineInfo;
  options: RNNoiseBenchOptions;
  /** `RNNoiseFilter.latencyMs` by caller rate. */
  latencyMs: Record<string, number>;
  cpu: RNNoiseCpuMeasurement[];
  /** The VAD engines on the corpus, each without and with the filter (`<id>+rnnoise`). */
  accuracy: AccuracyRun[];
  /** Corpus directory and fingerprint the accuracy runs used. */
  corpus: {
    directory: string;
    fingerprint: string;
    speechMinutes: number;
    distractorMinutes: number;
  };
  wallSecs: number;
}
