/**
 * VAD: every engine on a labelled corpus of synthesized phone calls (espeak-ng voices in clean,
 * noise and music conditions, and distractor-only scenes of telephony tones, music, clicks, hum
 * and noise, all through 8 kHz μ-law), then CPU per call-second at several concurrent call counts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveVADParams } from '@x/transport-core';
import type { Benchmark } from '../benchmark.js';
import type { MachineInfo } from '../support/machine.js';
import { RESULTS_DIRECTORY } from '../support/results.js';
import type { CorpusManifest } from '../vad/corpus/corpus-manifest.js';
import { defaultCorpusParent, ensureCorpus } from '../vad/corpus/generate-corpus.js';
import { type LoadedScene, loadCorpus } from '../vad/corpus/load-corpus.js';
import {
  CPU_WARMUP_SECS,
  type CpuRun,
  measureCpuPerCallSecond,
} from '../vad/cpu-per-call-second.js';
import { ECHO_BOT_THRESHOLDS } from '../vad/echo-bot-thresholds.js';
import type {
  AnalyzerUnderTest,
  EngineUnderTest,
  ThresholdsUnderTest,
} from '../vad/engine-under-test.js';
import { feedInStep } from '../vad/feed-in-step.js';
import { scoreCorpus } from '../vad/scene-scoring.js';
import { loadEngines, type SileroModule } from '../vad/vad-engines.js';
import { secsPerCall, vadOptionsFromEnvironment } from '../vad/vad-options.js';
import { vadMarkdown } from '../vad/vad-report.js';
import type {
  AccuracyRun,
  BatchStatistics,
  CorpusSummary,
  CpuMeasurement,
  ThresholdsName,
  VadResults,
} from '../vad/vad-results.js';
import { vadTargets } from '../vad/vad-targets.js';

/** The committed corpus manifest (labels and audio hashes), next to the results. */
const CORPUS_MANIFEST_RESULT = 'vad-corpus.json';
/** Bound on one CPU measurement's measured part, in milliseconds of wall time. */
const CPU_WALL_BUDGET_MS = 120_000;
/** Pause between CPU measurements, in milliseconds: longer than the Silero batcher's 250 ms horizon of active calls. */
const CPU_SETTLE_MS = 400;
/** Seconds of audio fed to a throwaway analyzer before an accuracy pass (loads a model). */
const ACCURACY_WARMUP_SECS = 1;

export const THRESHOLDS: Record<ThresholdsName, ThresholdsUnderTest> = {
  'engine defaults': {},
  'echo bot': { ...ECHO_BOT_THRESHOLDS },
};

const NO_TRANSITIONS = Object.freeze({ transitions: Object.freeze([]) as readonly string[] });

/** An analyzer that does nothing: the cost of the feeding loop itself. */
const harnessOnly: EngineUnderTest = {
  id: 'harness-only',
  label: 'harness only (no analysis)',
  family: 'energy',
  sampleRate: 8000,
  create: (): AnalyzerUnderTest => ({
    setSampleRate() {},
    analyzeAudio: async () => NO_TRANSITIONS,
  }),
};

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function summarizeCorpus(
  manifest: CorpusManifest,
  directory: string,
  reused: boolean,
  sameAsCommittedManifest: boolean | null,
): CorpusSummary {
  const speech = manifest.scenes.filter((scene) => scene.kind === 'speech');
  const distractors = manifest.scenes.filter((scene) => scene.kind === 'distractor');
  const utterancesByKind: Record<string, number> = {};
  for (const track of manifest.speechTracks) {
    for (const utterance of track.utterances)
      utterancesByKind[utterance.kind] = (utterancesByKind[utterance.kind] ?? 0) + 1;
  }
  return {
    fingerprint: manifest.fingerprint,
    directory,
    reused,
    tools: manifest.tools,
    seed: manifest.seed,
    line: manifest.line,
    voices: manifest.speechTracks.map((track) => track.voice.name),
    conditions: manifest.conditions.map((condition) => condition.name),
    distractors: distractors.map((scene) => scene.condition),
    speechScenes: speech.length,
    speechMinutes: speech.reduce((sum, scene) => sum + scene.secs, 0) / 60,
    utterances: Object.values(utterancesByKind).reduce((sum, count) => sum + count, 0),
    utterancesByKind,
    distractorScenes: distractors.length,
    distractorMinutes: distractors.reduce((sum, scene) => sum + scene.secs, 0) / 60,
    sameAsCommittedManifest,
  };
}

/** Whether the committed manifest's audio hashes equal this corpus's (null when none is committed). */
function compareWithCommitted(manifest: CorpusManifest): boolean | null {
  const path = join(RESULTS_DIRECTORY, CORPUS_MANIFEST_RESULT);
  if (!existsSync(path)) return null;
  try {
    const committed = JSON.parse(readFileSync(path, 'utf8')) as CorpusManifest;
    const hashes = (scenes: CorpusManifest['scenes']) =>
      scenes.map((scene) => `${scene.id} ${scene.sha256}`).join('\n');
    return hashes(committed.scenes) === hashes(manifest.scenes);
  } catch {
    return false;
  }
}

/** Every scene through fresh analyzers of `engine` with `thresholdsName`, scored. */
export async function accuracyPass(
  engine: EngineUnderTest,
  thresholdsName: ThresholdsName,
  scenes: readonly LoadedScene[],
): Promise<AccuracyRun> {
  const thresholds = THRESHOLDS[thresholdsName];
  const warmup = engine.create(thresholds);
  warmup.setSampleRate(engine.sampleRate);
  await feedInStep(
    [warmup],
    [new Int16Array(engine.sampleRate * ACCURACY_WARMUP_SECS)],
    engine.sampleRate,
  );
  const analyzers = scenes.map(() => {
    const analyzer = engine.create(thresholds);
    analyzer.setSampleRate(engine.sampleRate);
    return analyzer;
  });
  const audios = scenes.map((scene) => {
    const audio = scene.audio.get(engine.sampleRate);
    if (!audio) throw new Error(`${scene.scene.id} has no audio at ${engine.sampleRate} Hz`);
    return audio;
  });
  const fed = await feedInStep(analyzers, audios, engine.sampleRate);
  const scores = scoreCorpus(scenes, fed.transitions);
  return {
    engine: engine.id,
    label: engine.label,
    family: engine.family,
    sampleRate: engine.sampleRate,
    thresholds: thresholdsName,
    params: analyzers[0]?.params,
    streams: scenes.length,
    callSecs: fed.callSecs,
    cpuMs: fed.cpuMs,
    wallMs: fed.wallMs,
    cpuMsPerCallSecond: fed.cpuMs / fed.callSecs,
    ...scores,
  };
}

/** Inferences and windows of the shared Silero batcher so far. */
function batcherCounts(
  silero: SileroModule | undefined,
): { runs: number; windows: number } | undefined {
  if (!silero) return undefined;
  const { runs, windows } = silero.sharedSileroBatcher().stats;
  return { runs, windows };
}

export const vad: Benchmark = {
  name: 'vad',
  description:
    'VAD engines on a labelled phone-line corpus (misses, false starts, start/stop delays) and CPU per call-second at 1–300 calls',
  sources: [
    'packages/transport-core/src/vad',
    'packages/vad-silero/src',
    'packages/audio-filter-rnnoise/src',
    'bench/src/vad',
    'bench/src/benchmarks/vad.ts',
  ],
  async run(machine: MachineInfo) {
    const started = performance.now();
    const options = vadOptionsFromEnvironment();
    const corpus = ensureCorpus(defaultCorpusParent(), (line) => console.log(line));
    console.log(`  corpus ${corpus.reused ? 'reused' : 'generated'}: ${corpus.directory}`);
    const sameAsCommitted = compareWithCommitted(corpus.manifest);
    writeFileSync(
      join(RESULTS_DIRECTORY, CORPUS_MANIFEST_RESULT),
      `${JSON.stringify(corpus.manifest, null, 2)}\n`,
    );
    const scenes = loadCorpus(corpus.directory, corpus.manifest);
    const catalogue = await loadEngines(options.engineFilters);
    for (const entry of catalogue.unavailable)
      console.log(`  not run: ${entry.family}: ${entry.reason}`);

    const accuracy: AccuracyRun[] = [];
    for (const thresholds of Object.keys(THRESHOLDS) as ThresholdsName[]) {
      for (const engine of catalogue.accuracy) {
        const run = await accuracyPass(engine, thresholds, scenes);
        accuracy.push(run);
        console.log(
          `  ${engine.label}, ${thresholds}: missed ${run.speech.missed}/${run.speech.utterances}, ${run.distractors.falseStarts} starts in distractors, start p50 ${run.speech.startDelaySecs.p50?.toFixed(2)} s, ${run.cpuMsPerCallSecond.toFixed(3)} ms CPU per call-second (${(run.wallMs / 1000).toFixed(1)} s)`,
        );
      }
    }

    const sources = new Map<number, Int16Array[]>();
    for (const rate of [8000, 16_000]) {
      sources.set(
        rate,
        scenes
          .filter((scene) => scene.scene.kind === 'speech')
          .map((scene) => scene.audio.get(rate)!),
      );
    }
    const cpuEngines = [harnessOnly, ...catalogue.cpu];
    const runs = new Map<string, CpuRun[]>();
    const batches = new Map<string, BatchStatistics>();
    for (let repeat = 0; repeat < options.cpuRepeats; repeat++) {
      for (const calls of options.cpuCallCounts) {
        for (const engine of cpuEngines) {
          await sleep(CPU_SETTLE_MS);
          const before = batcherCounts(catalogue.silero);
          const run = await measureCpuPerCallSecond(
            () => engine.create({}),
            sources.get(engine.sampleRate)!,
            {
              calls,
              secsPerCall: secsPerCall(options, calls),
              warmupSecs: CPU_WARMUP_SECS,
              sampleRate: engine.sampleRate,
              wallBudgetMs: CPU_WALL_BUDGET_MS,
            },
          );
          const after = batcherCounts(catalogue.silero);
          const key = `${engine.id} ${calls}`;
          runs.set(key, [...(runs.get(key) ?? []), run]);
          if (engine.id.endsWith('-batched') && before && after && after.runs > before.runs) {
            const windows = after.windows - before.windows;
            const inferences = after.runs - before.runs;
            batches.set(key, { runs: inferences, windows, averageBatch: windows / inferences });
          }
          console.log(
            `  cpu ${repeat + 1}/${options.cpuRepeats}: ${engine.label}, ${calls} calls: ${run.cpuMsPerCallSecond.toFixed(4)} ms per call-second (${run.callSecs.toFixed(0)} call-s in ${(run.wallMs / 1000).toFixed(1)} s)`,
          );
        }
      }
    }
    const cpu: CpuMeasurement[] = [];
    for (const engine of cpuEngines) {
      for (const calls of options.cpuCallCounts) {
        const key = `${engine.id} ${calls}`;
        const measured = runs.get(key) ?? [];
        const value = median(measured.map((run) => run.cpuMsPerCallSecond));
        const batch = batches.get(key);
        cpu.push({
          engine: engine.id,
          label: engine.label,
          family: engine.id === harnessOnly.id ? 'harness' : engine.family,
          sampleRate: engine.sampleRate,
          calls,
          secsPerCall: secsPerCall(options, calls),
          runs: measured,
          cpuMsPerCallSecond: value,
          coresInRealTime: (value * calls) / 1000,
          ...(batch ? { batches: batch } : {}),
        });
      }
    }

    const results: VadResults = {
      machine,
      options,
      corpus: summarizeCorpus(corpus.manifest, corpus.directory, corpus.reused, sameAsCommitted),
      thresholds: {
        'engine defaults': resolveVADParams({}),
        'echo bot': resolveVADParams(ECHO_BOT_THRESHOLDS),
      },
      toneRejectionInCore: catalogue.toneRejectionInCore,
      unavailable: catalogue.unavailable,
      accuracy,
      cpu,
      targets: vadTargets(accuracy, cpu),
      wallSecs: (performance.now() - started) / 1000,
    };
    return { markdown: vadMarkdown(results), json: results };
  },
};
