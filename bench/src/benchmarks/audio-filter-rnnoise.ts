/**
 * RNNoise input filter: CPU per call-second at 8 and 16 kHz (one call and many), and what it does
 * to the VAD engines on the `vad` benchmark's corpus (missed utterances, false starts per minute).
 */

import { RNNOISE_SAMPLE_RATE, RNNoiseFilter } from '@x/audio-filter-rnnoise';
import { StreamResampler } from '@x/transport-core';
import type { Benchmark } from '../benchmark.js';
import {
  rnnoiseBenchOptionsFromEnvironment,
  rnnoiseSecsPerCall,
} from '../rnnoise/rnnoise-options.js';
import { RNNOISE_ENGINE_SUFFIX, rnnoiseMarkdown } from '../rnnoise/rnnoise-report.js';
import type {
  RNNoiseBenchResults,
  RNNoiseCpuMeasurement,
  RNNoiseCpuSubject,
} from '../rnnoise/rnnoise-results.js';
import type { MachineInfo } from '../support/machine.js';
import { defaultCorpusParent, ensureCorpus } from '../vad/corpus/generate-corpus.js';
import { loadCorpus } from '../vad/corpus/load-corpus.js';
import {
  CPU_WARMUP_SECS,
  type CpuRun,
  measureCpuPerCallSecond,
} from '../vad/cpu-per-call-second.js';
import type { AnalyzerUnderTest } from '../vad/engine-under-test.js';
import { loadEngines } from '../vad/vad-engines.js';
import type { AccuracyRun, ThresholdsName } from '../vad/vad-results.js';
import { accuracyPass, THRESHOLDS } from './vad.js';

/** Rates the filter is timed at, in Hz: the phone line and wideband. */
const CPU_RATES = [8000, 16_000];
/** Bound on one CPU measurement's measured part, in milliseconds of wall time. */
const CPU_WALL_BUDGET_MS = 120_000;

const NO_TRANSITIONS = Object.freeze({ transitions: Object.freeze([]) as readonly string[] });

/** An "analyzer" that only runs `process` on each chunk (a copy: the filter writes into it). */
function processingOnly(
  start: (sampleRate: number) => Promise<void> | void,
  process: (chunk: Int16Array) => void,
): AnalyzerUnderTest {
  let started: Promise<void> | void;
  return {
    setSampleRate(sampleRate: number) {
      started = start(sampleRate);
    },
    async analyzeAudio(audio: Int16Array) {
      await started;
      process(audio.slice());
      return NO_TRANSITIONS;
    },
  };
}

const SUBJECTS: Record<RNNoiseCpuSubject, () => AnalyzerUnderTest> = {
  filter: () => {
    const filter = new RNNoiseFilter();
    return processingOnly(
      (sampleRate) => filter.start(sampleRate, 1),
      (chunk) => filter.filter(chunk),
    );
  },
  'resamplers only': () => {
    let up: StreamResampler | undefined;
    let down: StreamResampler | undefined;
    return processingOnly(
      (sampleRate) => {
        up = new StreamResampler(sampleRate, RNNOISE_SAMPLE_RATE);
        down = new StreamResampler(RNNOISE_SAMPLE_RATE, sampleRate);
      },
      (chunk) => down!.process(up!.process(chunk)),
    );
  },
  'harness only': () =>
    processingOnly(
      () => {},
      () => {},
    ),
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function latencies(): Promise<Record<string, number>> {
  const latency: Record<string, number> = {};
  for (const sampleRate of CPU_RATES) {
    const filter = new RNNoiseFilter();
    await filter.start(sampleRate, 1);
    latency[sampleRate] = filter.latencyMs!;
    filter.stop();
  }
  return latency;
}

export const audioFilterRNNoise: Benchmark = {
  name: 'audio-filter-rnnoise',
  description:
    'RNNoise input filter: CPU per call-second at 8 and 16 kHz, and the VAD engines on the vad corpus without and with it',
  sources: [
    'packages/audio-filter-rnnoise/src',
    'packages/transport-core/src/audio',
    'bench/src/rnnoise',
    'bench/src/vad',
    'bench/src/benchmarks/audio-filter-rnnoise.ts',
  ],
  async run(machine: MachineInfo) {
    const started = performance.now();
    const options = rnnoiseBenchOptionsFromEnvironment();
    const corpus = ensureCorpus(defaultCorpusParent(), (line) => console.log(line));
    console.log(`  corpus ${corpus.reused ? 'reused' : 'generated'}: ${corpus.directory}`);
    const scenes = loadCorpus(corpus.directory, corpus.manifest);
    const speechSources = (rate: number) =>
      scenes
        .filter((scene) => scene.scene.kind === 'speech')
        .map((scene) => scene.audio.get(rate)!);

    const runs = new Map<string, CpuRun[]>();
    for (let repeat = 0; repeat < options.cpuRepeats; repeat++) {
      for (const sampleRate of CPU_RATES) {
        for (const calls of options.cpuCallCounts) {
          for (const [subject, create] of Object.entries(SUBJECTS)) {
            const run = await measureCpuPerCallSecond(create, speechSources(sampleRate), {
              calls,
              secsPerCall: rnnoiseSecsPerCall(options, calls),
              warmupSecs: CPU_WARMUP_SECS,
              sampleRate,
              wallBudgetMs: CPU_WALL_BUDGET_MS,
            });
            const key = `${subject} ${sampleRate} ${calls}`;
            runs.set(key, [...(runs.get(key) ?? []), run]);
            console.log(
              `  cpu ${repeat + 1}/${options.cpuRepeats}: ${subject}, ${sampleRate} Hz, ${calls} calls: ${run.cpuMsPerCallSecond.toFixed(3)} ms per call-second`,
            );
          }
        }
      }
    }
    const cpu: RNNoiseCpuMeasurement[] = [];
    for (const sampleRate of CPU_RATES) {
      for (const calls of options.cpuCallCounts) {
        for (const subject of Object.keys(SUBJECTS) as RNNoiseCpuSubject[]) {
          const measured = runs.get(`${subject} ${sampleRate} ${calls}`) ?? [];
          cpu.push({
            subject,
            sampleRate,
            calls,
            secsPerCall: rnnoiseSecsPerCall(options, calls),
            runs: measured,
            cpuMsPerCallSecond: median(measured.map((run) => run.cpuMsPerCallSecond)),
          });
        }
      }
    }

    const wanted = new Set(
      options.vadEngines.flatMap((id) => [id, `${id}${RNNOISE_ENGINE_SUFFIX}`]),
    );
    const catalogue = await loadEngines(options.vadEngines);
    for (const entry of catalogue.unavailable)
      console.log(`  not run: ${entry.family}: ${entry.reason}`);
    const accuracy: AccuracyRun[] = [];
    for (const thresholds of Object.keys(THRESHOLDS) as ThresholdsName[]) {
      for (const engine of catalogue.accuracy.filter((candidate) => wanted.has(candidate.id))) {
        const run = await accuracyPass(engine, thresholds, scenes);
        accuracy.push(run);
        console.log(
          `  ${engine.label}, ${thresholds}: missed ${run.speech.missed}/${run.speech.utterances}, ${run.speech.falseStartsPerMinute.toFixed(2)} false starts/min in speech, ${run.distractors.falseStartsPerMinute.toFixed(2)} in distractors (${(run.wallMs / 1000).toFixed(1)} s)`,
        );
      }
    }

    const speech = corpus.manifest.scenes.filter((scene) => scene.kind === 'speech');
    const distractors = corpus.manifest.scenes.filter((scene) => scene.kind === 'distractor');
    const results: RNNoiseBenchResults = {
      machine,
      options,
      latencyMs: await latencies(),
      cpu,
      accuracy,
      corpus: {
        directory: corpus.directory,
        fingerprint: corpus.manifest.fingerprint,
        speechMinutes: speech.reduce((sum, scene) => sum + scene.secs, 0) / 60,
        distractorMinutes: distractors.reduce((sum, scene) => sum + scene.secs, 0) / 60,
      },
      wallSecs: (performance.now() - started) / 1000,
    };
    return { markdown: rnnoiseMarkdown(results), json: results };
  },
};
