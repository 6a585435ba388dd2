import { machineMarkdown } from '../support/machine.js';
import { markdownTable } from '../support/results.js';
import type { ConditionSummary } from './condition-summary.js';
import { CPU_WARMUP_SECS } from './cpu-per-call-second.js';
import { CHUNK_MS } from './feed-in-step.js';
import { START_TOLERANCE_SECS } from './label-matching.js';
import type { AccuracyRun, CpuMeasurement, ThresholdsName, VadResults } from './vad-results.js';
import { SILERO_CPU_TARGET_CALLS, SILERO_CPU_TARGET_MS_PER_CALL_SECOND } from './vad-targets.js';

function percent(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(1)} %`;
}

function secs(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

function delays(statistics: ConditionSummary['startDelaySecs']): string {
  return statistics.count === 0 ? '—' : `${secs(statistics.p50)} / ${secs(statistics.p90)}`;
}

function milliseconds(value: number): string {
  return value >= 10 ? value.toFixed(1) : value >= 0.1 ? value.toFixed(3) : value.toFixed(4);
}

function thresholdsText(params: unknown): string {
  if (params === null || typeof params !== 'object') return 'unknown';
  const entries = Object.entries(params as Record<string, unknown>);
  return entries.map(([key, value]) => `${key} ${String(value)}`).join(', ');
}

function verdictCell(verdict: string): string {
  return verdict === 'FAIL' ? '**FAIL**' : verdict;
}

/** One row per speech condition and per distractor, and the two pools. */
function engineTable(run: AccuracyRun): string {
  const speechRow = (summary: ConditionSummary, name = summary.condition) => {
    const words = summary.missedByKind.word;
    return [
      name,
      String(summary.utterances),
      `${summary.missed} (${percent(summary.missedFraction)})`,
      words ? `${words.missed} of ${words.utterances}` : '—',
      summary.falseStartsPerMinute.toFixed(2),
      delays(summary.startDelaySecs),
      delays(summary.stopDelaySecs),
      String(summary.ranOn),
    ];
  };
  const distractorRow = (summary: ConditionSummary, name = summary.condition) => [
    name,
    '—',
    '—',
    '—',
    `${summary.falseStartsPerMinute.toFixed(2)} (${summary.falseStarts} in ${summary.minutes.toFixed(1)} min)`,
    '—',
    '—',
    '—',
  ];
  const rows = [
    ...run.conditions.filter((entry) => entry.kind === 'speech').map((entry) => speechRow(entry)),
    speechRow(run.speech, '**all speech**'),
    ...run.conditions
      .filter((entry) => entry.kind === 'distractor')
      .map((entry) => distractorRow(entry)),
    distractorRow(run.distractors, '**all distractors**'),
  ];
  return markdownTable(
    [
      'condition',
      'utterances',
      'missed',
      'words missed',
      'false starts / min',
      'start delay p50 / p90 (s)',
      'stop delay p50 / p90 (s)',
      'ran on',
    ],
    rows,
  );
}

/** What was missed, most often first: `"no" 4× (en+m3 3, en-us 1)`. */
function missedLine(run: AccuracyRun): string {
  if (run.missedExamples.length === 0) return 'Missed utterances: none.';
  const byText = new Map<string, Map<string, number>>();
  for (const miss of run.missedExamples) {
    const voice = miss.voice;
    const voices = byText.get(miss.text) ?? new Map<string, number>();
    voices.set(voice, (voices.get(voice) ?? 0) + 1);
    byText.set(miss.text, voices);
  }
  const total = (voices: Map<string, number>) =>
    [...voices.values()].reduce((sum, count) => sum + count, 0);
  const parts = [...byText.entries()]
    .sort((a, b) => total(b[1]) - total(a[1]))
    .map(
      ([text, voices]) =>
        `"${text}" ${total(voices)}× (${[...voices.entries()].map(([voice, count]) => `${voice} ${count}`).join(', ')})`,
    );
  const capped =
    run.missedExamples.length < run.speech.missed
      ? ` (the first ${run.missedExamples.length} of ${run.speech.missed})`
      : '';
  return `Missed utterances${capped}, by text and voice, over all conditions: ${parts.join('; ')}.`;
}

/** One row per engine and thresholds: the pools only. */
function overviewTable(accuracy: readonly AccuracyRun[]): string {
  return markdownTable(
    [
      'engine',
      'thresholds',
      'missed',
      'words missed',
      'missed, white 5 dB',
      'missed, music 5 dB',
      'false starts / min in speech scenes',
      'false starts in distractors',
      'start delay p50 / p90 (s)',
      'stop delay p50 / p90 (s)',
      'CPU ms per call-second',
    ],
    accuracy.map((run) => {
      const words = run.speech.missedByKind.word;
      const condition = (name: string) => {
        const summary = run.conditions.find((entry) => entry.condition === name);
        return summary ? percent(summary.missedFraction) : '—';
      };
      return [
        run.label,
        run.thresholds,
        `${run.speech.missed} of ${run.speech.utterances} (${percent(run.speech.missedFraction)})`,
        words ? `${words.missed} of ${words.utterances}` : '—',
        condition('white 5 dB'),
        condition('music 5 dB'),
        run.speech.falseStartsPerMinute.toFixed(2),
        `${run.distractors.falseStarts} in ${run.distractors.minutes.toFixed(1)} min`,
        delays(run.speech.startDelaySecs),
        delays(run.speech.stopDelaySecs),
        `${milliseconds(run.cpuMsPerCallSecond)} (${run.streams} streams)`,
      ];
    }),
  );
}

/** Engines down, call counts across: median CPU ms per call-second. */
function cpuTable(cpu: readonly CpuMeasurement[]): string {
  const counts = [...new Set(cpu.map((entry) => entry.calls))].sort((a, b) => a - b);
  const engines = [...new Map(cpu.map((entry) => [entry.engine, entry])).values()];
  return markdownTable(
    ['engine', ...counts.map((count) => `${count} call${count === 1 ? '' : 's'}`)],
    engines.map((engine) => [
      engine.label,
      ...counts.map((count) => {
        const entry = cpu.find(
          (candidate) => candidate.engine === engine.engine && candidate.calls === count,
        );
        if (!entry) return '—';
        const batch = entry.batches ? `, batch ${entry.batches.averageBatch.toFixed(1)}` : '';
        return `${milliseconds(entry.cpuMsPerCallSecond)} (${entry.coresInRealTime.toFixed(2)} cores${batch})`;
      }),
    ]),
  );
}

function cpuTargetLine(cpu: readonly CpuMeasurement[]): string {
  const batched = cpu.find(
    (entry) => entry.engine === 'silero-8k-batched' && entry.calls === SILERO_CPU_TARGET_CALLS,
  );
  if (!batched)
    return `Target: ≤ ${SILERO_CPU_TARGET_MS_PER_CALL_SECOND} ms CPU per call-second at ${SILERO_CPU_TARGET_CALLS} calls at 8 kHz — not measured in this run.`;
  const value = batched.cpuMsPerCallSecond;
  const gap = value - SILERO_CPU_TARGET_MS_PER_CALL_SECOND;
  return gap <= 0
    ? `Target ≤ ${SILERO_CPU_TARGET_MS_PER_CALL_SECOND} ms CPU per call-second at ${SILERO_CPU_TARGET_CALLS} calls at 8 kHz: **met**, ${milliseconds(value)} ms (${milliseconds(-gap)} ms to spare).`
    : `Target ≤ ${SILERO_CPU_TARGET_MS_PER_CALL_SECOND} ms CPU per call-second at ${SILERO_CPU_TARGET_CALLS} calls at 8 kHz: **not met**, ${milliseconds(value)} ms — ${milliseconds(gap)} ms (×${(value / SILERO_CPU_TARGET_MS_PER_CALL_SECOND).toFixed(2)}) over.`;
}

/** The Markdown report of the `vad` benchmark. */
export function vadMarkdown(results: VadResults): string {
  const { corpus } = results;
  const passed = results.targets.filter((check) => check.verdict === 'pass').length;
  const failed = results.targets.filter((check) => check.verdict === 'FAIL').length;
  const notRun = results.targets.filter((check) => check.verdict === 'not run').length;
  const thresholdNames = Object.keys(results.thresholds) as ThresholdsName[];
  const kinds = Object.entries(corpus.utterancesByKind)
    .map(([kind, count]) => `${count} ${kind}s`)
    .join(', ');
  const lines = [
    '# VAD: accuracy on a labelled phone-line corpus, and CPU per call-second',
    '',
    `Issue 9's targets: **${passed} pass, ${failed} fail${notRun ? `, ${notRun} not run` : ''}**. Every engine hears the same synthesized calls through 8 kHz μ-law, fed in ${CHUNK_MS} ms chunks; results come from \`pnpm bench vad\` (\`bench/src/benchmarks/vad.ts\`), never by hand.`,
    '',
    machineMarkdown(results.machine),
    '',
  ];
  if (results.unavailable.length > 0) {
    lines.push(
      'Not run:',
      '',
      ...results.unavailable.map((entry) => `- ${entry.family}: ${entry.reason}`),
      '',
    );
  }
  if (!results.toneRejectionInCore) {
    lines.push(
      '**Note:** this build of `@x/transport-core` has no `rejectTelephonyTones`: both energy configurations are the same engine.',
      '',
    );
  }
  lines.push(
    '## Targets',
    '',
    markdownTable(
      ['target', 'engine', 'thresholds', 'measured', 'verdict'],
      results.targets.map((check) => [
        check.target,
        check.engine,
        check.thresholds,
        check.measured,
        verdictCell(check.verdict),
      ]),
    ),
    '',
    '## CPU per call-second',
    '',
    `Analyzers in this one process, one per call, all fed their next ${CHUNK_MS} ms chunk at once and awaited (as live calls arrive, but as fast as possible); process CPU (user + system, every thread, \`process.cpuUsage()\`) over the measured part after ${CPU_WARMUP_SECS} s of warm-up audio per call, divided by call-seconds. Median of ${results.options.cpuRepeats} repeat(s), interleaved; ${results.options.cpuCallSecs} call-seconds per measurement (each call at least ${results.options.cpuMinSecsPerCall} s). In brackets: cores needed to keep up in real time, and the mean batch of the shared batcher. "harness only" is the feeding loop with an analyzer that does nothing, included in every other figure. The engine defaults' thresholds; the audio is the corpus's speech scenes.`,
    '',
    cpuTable(results.cpu),
    '',
    cpuTargetLine(results.cpu),
    '',
    '## Accuracy: overview',
    '',
    `Thresholds: **engine defaults** = what \`new …Analyzer()\` resolves to (${thresholdsText(results.thresholds['engine defaults'])}); **echo bot** = the demo's \`ECHO_BOT_VAD_PARAMS\` (${thresholdsText(results.thresholds['echo bot'])}). Each configuration also sets its own options (tone rejection, batching) as named. CPU here is the whole pass with every scene fed at once (${corpus.speechScenes + corpus.distractorScenes} streams in step).`,
    '',
    overviewTable(results.accuracy),
    '',
  );
  for (const thresholds of thresholdNames) {
    const runs = results.accuracy.filter((run) => run.thresholds === thresholds);
    if (runs.length === 0) continue;
    lines.push(`## Per condition, ${thresholds} thresholds`, '');
    for (const run of runs) {
      lines.push(
        `### ${run.label} — ${thresholds}`,
        '',
        `Parameters: ${thresholdsText(run.params)}.`,
        '',
        engineTable(run),
        '',
        missedLine(run),
        '',
      );
    }
  }
  lines.push(
    '## How it is measured',
    '',
    `- **Corpus** (generated by \`bench/src/vad/corpus/\`, also runnable as \`bench/scripts/generate-vad-corpus.sh\`; fingerprint \`${corpus.fingerprint}\`, ${corpus.reused ? 'reused from' : 'generated into'} a temporary folder; manifest with labels and audio hashes in \`results/vad-corpus.json\`${corpus.sameAsCommittedManifest === null ? '' : corpus.sameAsCommittedManifest ? ', identical audio to the manifest that was in results/ before this run' : ', **audio differs from the manifest that was in results/ before this run** (other tool versions or generator changes)'}): ${corpus.voices.length} espeak-ng voices (${corpus.voices.join(', ')}; ${corpus.tools.espeakNg}; ${corpus.tools.sox}), each saying short words ("yes", "no", "stop", "okay", "hello", …), phrases and sentences in a scene of 40–60 s with 1–3 s pauses: ${corpus.utterances} utterances per condition (${kinds}), over ${corpus.conditions.length} conditions (${corpus.conditions.join(', ')}), ${corpus.speechMinutes.toFixed(1)} min of speech scenes. Distractor-only scenes: ${corpus.distractors.join(', ')} — ${corpus.distractorScenes} scenes, ${corpus.distractorMinutes.toFixed(1)} min. Noise and music are scaled against the active speech level (RMS over the labelled spans). ${corpus.line}. Seed ${corpus.seed}.`,
    '- **Labels**: each clean utterance starts at its first and ends at its last 10 ms frame within 45 dB of its loudest frame, measured on the clean clip before mixing (pauses inside a sentence belong to it).',
    `- **Detected**: a \`started\` transition between the utterance's start and ${START_TOLERANCE_SECS} s after its end (or the next utterance's start). A transition is timed at the end of the ${CHUNK_MS} ms chunk whose \`analyzeAudio\` reported it. **Missed** otherwise (including when the VAD was still in speech from before).`,
    '- **False starts**: in speech scenes, starts that belong to no utterance; in distractor scenes, every start. Per minute of scene audio.',
    '- **Start delay**: first start minus the label start. **Stop delay**: the stop that ended the speech of the last start in the utterance, minus the label end (negative: cut off early). **Ran on**: that speech did not stop before the next utterance began (no stop delay counted). p50 / p90 by nearest rank.',
    '',
  );
  return lines.join('\n');
}
