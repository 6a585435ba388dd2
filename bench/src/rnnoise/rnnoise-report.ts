import { machineMarkdown } from '../support/machine.js';
import { markdownTable } from '../support/results.js';
import type { ConditionSummary } from '../vad/condition-summary.js';
import { CHUNK_MS } from '../vad/feed-in-step.js';
import type { AccuracyRun } from '../vad/vad-results.js';
import type { RNNoiseBenchResults } from './rnnoise-results.js';

/** Suffix of the engine ids with the filter in front. */
export const RNNOISE_ENGINE_SUFFIX = '+rnnoise';

function milliseconds(value: number): string {
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function missed(summary: ConditionSummary | undefined): string {
  return summary ? `${summary.missed} of ${summary.utterances}` : '—';
}

function falseStarts(summary: ConditionSummary | undefined): string {
  return summary ? summary.falseStartsPerMinute.toFixed(2) : '—';
}

function startDelay(summary: ConditionSummary | undefined): string {
  const p50 = summary?.startDelaySecs.p50;
  return p50 === null || p50 === undefined ? '—' : p50.toFixed(2);
}

/** `without → with` for one measure of one condition. */
function pair(
  without: AccuracyRun,
  withFilter: AccuracyRun,
  condition: string,
  measure: (summary: ConditionSummary | undefined) => string,
): string {
  const find = (run: AccuracyRun) =>
    condition === 'all speech'
      ? run.speech
      : condition === 'all distractors'
        ? run.distractors
        : run.conditions.find((entry) => entry.condition === condition);
  return `${measure(find(without))} → ${measure(find(withFilter))}`;
}

/** Conditions down; missed, false starts per minute and start delay without → with the filter. */
function effectTable(without: AccuracyRun, withFilter: AccuracyRun): string {
  const speech = without.conditions.filter((entry) => entry.kind === 'speech');
  const rows = [...speech.map((entry) => entry.condition), 'all speech', 'all distractors'].map(
    (condition) => [
      condition,
      condition === 'all distractors' ? '—' : pair(without, withFilter, condition, missed),
      pair(without, withFilter, condition, falseStarts),
      condition === 'all distractors' ? '—' : pair(without, withFilter, condition, startDelay),
    ],
  );
  return markdownTable(
    ['condition', 'missed utterances', 'false starts / min', 'start delay p50 (s)'],
    rows,
  );
}

function cpuTable(results: RNNoiseBenchResults): string {
  const rates = [...new Set(results.cpu.map((entry) => entry.sampleRate))];
  const counts = [...new Set(results.cpu.map((entry) => entry.calls))].sort((a, b) => a - b);
  const subjects = [...new Set(results.cpu.map((entry) => entry.subject))];
  const rows = rates.flatMap((sampleRate) =>
    subjects.map((subject) => [
      `${sampleRate / 1000} kHz`,
      subject,
      ...counts.map((calls) => {
        const entry = results.cpu.find(
          (candidate) =>
            candidate.sampleRate === sampleRate &&
            candidate.subject === subject &&
            candidate.calls === calls,
        );
        return entry
          ? `${milliseconds(entry.cpuMsPerCallSecond)} (${((entry.cpuMsPerCallSecond * calls) / 1000).toFixed(2)} cores)`
          : '—';
      }),
    ]),
  );
  return markdownTable(
    ['rate', 'what', ...counts.map((count) => `${count} call${count === 1 ? '' : 's'}`)],
    rows,
  );
}

/** The Markdown report of the `audio-filter-rnnoise` benchmark. */
export function rnnoiseMarkdown(results: RNNoiseBenchResults): string {
  const lines = [
    '# RNNoise input filter: CPU per call-second and its effect on the VAD',
    '',
    `\`@x/audio-filter-rnnoise\`'s \`RNNoiseFilter\` (RNNoise in WebAssembly at 48 kHz, core's \`StreamResampler\` to and from the caller's rate). Results come from \`pnpm bench audio-filter-rnnoise\` (\`bench/src/benchmarks/audio-filter-rnnoise.ts\`), never by hand.`,
    '',
    machineMarkdown(results.machine),
    '',
    '## CPU per call-second',
    '',
    `Milliseconds of process CPU per second of one call's audio (median of ${results.options.cpuRepeats}), ${CHUNK_MS} ms chunks, filters fed in step as fast as possible, with the cores needed to keep up in real time. "resamplers only" is the caller rate → 48 kHz → caller rate conversion the filter does, without RNNoise; "harness only" is the feeding loop.`,
    '',
    cpuTable(results),
    '',
    `Latency (\`latencyMs\`, constant per call): ${Object.entries(results.latencyMs)
      .map(([rate, latency]) => `${latency.toFixed(2)} ms at ${Number(rate) / 1000} kHz`)
      .join(', ')}.`,
    '',
    "## Effect on the VAD benchmark's corpus",
    '',
    `The \`vad\` benchmark's corpus (${results.corpus.speechMinutes.toFixed(1)} min of speech scenes, ${results.corpus.distractorMinutes.toFixed(1)} min of distractor-only scenes, fingerprint \`${results.corpus.fingerprint}\`), scored as there: each engine without the filter → with \`RNNoiseFilter\` in front (the \`${RNNOISE_ENGINE_SUFFIX}\` engines of \`pnpm bench vad\`). The filter delays the audio by its latency, which the start delays include.`,
    '',
  ];
  const withFilter = results.accuracy.filter((run) => run.engine.endsWith(RNNOISE_ENGINE_SUFFIX));
  for (const filtered of withFilter) {
    const baseId = filtered.engine.slice(0, -RNNOISE_ENGINE_SUFFIX.length);
    const without = results.accuracy.find(
      (run) => run.engine === baseId && run.thresholds === filtered.thresholds,
    );
    if (!without) continue;
    lines.push(
      `### ${without.label}, ${filtered.thresholds} thresholds`,
      '',
      effectTable(without, filtered),
      '',
      `CPU of the pass per call-second: ${milliseconds(without.cpuMsPerCallSecond)} → ${milliseconds(filtered.cpuMsPerCallSecond)} ms.`,
      '',
    );
  }
  lines.push(`Wall time: ${results.wallSecs.toFixed(0)} s.`);
  return lines.join('\n');
}
