import type { LoadReport } from '@x/phone-simulator';
import { type MachineInfo, machineMarkdown } from '../support/machine.js';
import { markdownTable } from '../support/results.js';
import type { CallsPerCoreOptions } from './calls-per-core-options.js';
import { chunkMsOf, cpuRatio, serverLabel } from './calls-step-facts.js';
import { CALLS_TARGETS, type TargetRow } from './calls-targets.js';
import { targetsMarkdown } from './calls-targets-markdown.js';
import type { CpuPinning } from './cpu-pinning.js';
import type { CallsStepResult } from './run-calls-step.js';
import type { SteadyPercentiles } from './steady-state.js';

const BYTES_PER_KIB = 1024;
/** Share of a core taken by other processes above which a step counts as disturbed. */
const NOISY_SHARE = 0.1;

export { chunkMsOf, cpuRatio, serverLabel };

/** Everything the benchmark writes as JSON. */
export interface CallsPerCoreResults {
  machine: MachineInfo;
  options: CallsPerCoreOptions;
  pinning: CpuPinning;
  steps: CallsStepResult[];
  /** Issue 11's targets checked against `steps` (and the latest soak), computed by `evaluateCallsTargets`. */
  targets: TargetRow[];
}

/** Whether a server kept steady pacing at one count, and if not, why. */
export interface PacingVerdict {
  steady: boolean;
  reasons: string[];
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function kib(bytes: number): string {
  return fixed(bytes / BYTES_PER_KIB, 1);
}

function triple(values: SteadyPercentiles | undefined, digits = 1): string {
  if (!values) return '—';
  return `${fixed(values.p50, digits)} / ${fixed(values.p99, digits)} / ${fixed(values.max, 1)}`;
}

function callFailures(step: CallsStepResult): string[] {
  const report = step.load.report;
  const reasons: string[] = [];
  if (report.calls.connected < report.calls.requested) {
    reasons.push(`${report.calls.requested - report.calls.connected} calls failed to connect`);
  }
  const early = report.calls.endedByBot + report.calls.endedByError;
  if (early > 0) reasons.push(`${early} calls ended early`);
  if (report.protocolErrors.count > 0)
    reasons.push(`${report.protocolErrors.count} protocol errors`);
  if (step.serverTotals.serverErrors > 0) {
    reasons.push(`${step.serverTotals.serverErrors} server errors`);
  }
  return reasons;
}

/**
 * Steady pacing as the callers heard it (the simulator, whole calls): every call connected and
 * completed without errors, bot jitter p99 under one chunk, and no underrun in any call.
 */
export function heardVerdict(step: CallsStepResult): PacingVerdict {
  const report = step.load.report;
  const reasons = callFailures(step);
  const chunkMs = chunkMsOf(step);
  if (report.outboundJitterMs.p99 >= chunkMs) {
    reasons.push(`heard jitter p99 ${fixed(report.outboundJitterMs.p99, 1)} ms ≥ ${chunkMs} ms`);
  }
  if (report.underruns.count > 0) {
    reasons.push(`${report.underruns.count} underruns in ${report.underruns.callsAffected} calls`);
  }
  return { steady: reasons.length === 0, reasons };
}

/**
 * Steady pacing as the server sent it (steady state): every call fine, send jitter p99 under one
 * chunk, and no send after the audio before it had finished playing.
 */
export function sentVerdict(step: CallsStepResult): PacingVerdict {
  const reasons = callFailures(step);
  const chunkMs = chunkMsOf(step);
  if (step.steady.intervals === 0) reasons.push('no steady state');
  if (step.steady.sendJitterMs.p99 >= chunkMs) {
    reasons.push(`sent jitter p99 ${fixed(step.steady.sendJitterMs.p99, 1)} ms ≥ ${chunkMs} ms`);
  }
  if (step.steady.lateSends > 0) reasons.push(`${step.steady.lateSends} late sends`);
  return { steady: reasons.length === 0, reasons };
}

function errorsOf(report: LoadReport, step: CallsStepResult): string {
  const parts = callFailures(step);
  if (step.serverTotals.messagesSkipped + step.serverTotals.messagesDropped > 0) {
    parts.push(
      `${step.serverTotals.messagesSkipped} skipped, ${step.serverTotals.messagesDropped} dropped inbound`,
    );
  }
  for (const error of report.errors) parts.push(`${error.message} ×${error.count}`);
  return parts.length === 0 ? 'none' : parts.join('; ');
}

function costTable(steps: readonly CallsStepResult[]): string {
  return markdownTable(
    [
      'calls',
      'server',
      'CPU, % of a core',
      'CPU per call, ms/s',
      '× bare echo',
      'calls per core at 100 % CPU',
      'RSS per call, KiB',
      'heap per call, KiB',
      'steady samples',
    ],
    steps.map((step) => {
      const steady = step.steady;
      return [
        String(step.calls),
        serverLabel(step.server),
        fixed(steady.cpuFraction * 100, 1),
        fixed(steady.cpuMsPerCallSecond, 3),
        step.server.kind === 'bare-echo' ? '1' : fixed(cpuRatio(steps, step), 2),
        steady.cpuFraction > 0 ? String(Math.floor(steady.calls / steady.cpuFraction)) : '—',
        kib(steady.rssBytesPerCall),
        kib(steady.heapBytesPerCall),
        String(steady.intervals),
      ];
    }),
  );
}

function sentTable(steps: readonly CallsStepResult[]): string {
  return markdownTable(
    [
      'calls',
      'server',
      'send jitter p50 / p99 / max, ms',
      'late sends (per call-minute); whole run',
      'event-loop delay p50 / p99 / max, ms',
      'inbound latency p50 / p99 / max, ms',
      "others' load on the server core, %",
      'server preempted, per s',
      'steady as sent',
    ],
    steps.map((step) => {
      const steady = step.steady;
      const verdict = sentVerdict(step);
      return [
        String(step.calls),
        serverLabel(step.server),
        triple(steady.sendJitterMs),
        `${steady.lateSends} (${fixed(steady.lateSendsPerCallMinute, 2)}); ${steady.lateSendsWholeRun}`,
        triple(steady.loopDelayMs),
        triple(steady.inboundLatencyMs, 2),
        step.cores ? fixed(step.cores.serverCoreOthers * 100, 0) : '—',
        fixed(steady.involuntarySwitchesPerSecond, 0),
        verdict.steady ? 'yes' : `no: ${verdict.reasons.join('; ')}`,
      ];
    }),
  );
}

function heardTable(steps: readonly CallsStepResult[]): string {
  return markdownTable(
    [
      'calls',
      'server',
      'bot jitter p50 / p99 / max, ms',
      'underruns (calls)',
      'first audio p50 / p99, ms',
      'simulator send lateness p99, ms',
      'load core busy, %',
      'errors',
      'steady as heard',
    ],
    steps.map((step) => {
      const report = step.load.report;
      const jitter = report.outboundJitterMs;
      const verdict = heardVerdict(step);
      return [
        String(step.calls),
        serverLabel(step.server),
        `${fixed(jitter.p50, 1)} / ${fixed(jitter.p99, 1)} / ${fixed(jitter.max, 1)}`,
        `${report.underruns.count} (${report.underruns.callsAffected})`,
        `${fixed(report.firstAudioMs.p50, 1)} / ${fixed(report.firstAudioMs.p99, 1)}`,
        fixed(report.sendLatenessMs.p99, 1),
        step.cores
          ? `${fixed(step.cores.loadCoreBusy * 100, 0)} (simulator ${fixed(step.loadCpuFraction * 100, 0)})`
          : fixed(step.loadCpuFraction * 100, 0),
        errorsOf(report, step),
        verdict.steady ? 'yes' : `no: ${verdict.reasons.join('; ')}`,
      ];
    }),
  );
}

function interruptionsTable(steps: readonly CallsStepResult[]): string {
  const ours = steps.filter((step) => step.server.kind === 'pipeline');
  return markdownTable(
    [
      'calls',
      'server',
      'caller speech starts',
      'interruptions (clears sent)',
      'interruptions per call-minute',
      'interruption → clear p50 / p99 / max, ms',
    ],
    ours.map((step) => {
      const steady = step.steady;
      const minutes = (steady.toMs - steady.fromMs) / 60_000;
      const latency = steady.clearLatencyMs;
      return [
        String(step.calls),
        serverLabel(step.server),
        steady.speechStarts === undefined ? '—' : String(steady.speechStarts),
        steady.clears === undefined ? '—' : String(steady.clears),
        steady.clears === undefined || steady.calls === 0 || minutes <= 0
          ? '—'
          : fixed(steady.clears / steady.calls / minutes, 2),
        latency && latency.count > 0
          ? `${fixed(latency.p50, 2)} / ${fixed(latency.p99, 2)} / ${fixed(latency.max, 1)}`
          : '—',
      ];
    }),
  );
}

function highestSteady(
  steps: readonly CallsStepResult[],
  verdict: (step: CallsStepResult) => PacingVerdict,
): string {
  // the highest count below which every count was steady
  let highest: number | undefined;
  for (const step of [...steps].sort((a, b) => a.calls - b.calls)) {
    if (!verdict(step).steady) break;
    highest = step.calls;
  }
  if (highest === undefined) return 'none of the tested counts';
  const tested = Math.max(...steps.map((step) => step.calls));
  return highest === tested ? `${highest} calls (the most tested)` : `${highest} calls`;
}

function interpretation(results: CallsPerCoreResults): string {
  const { steps, options } = results;
  const lines: string[] = [];
  const bare = steps.filter((step) => step.server.kind === 'bare-echo');
  for (const chunks of options.audioOut10msChunks) {
    const ours = steps.filter(
      (step) => step.server.kind === 'pipeline' && step.server.audioOut10msChunks === chunks,
    );
    if (ours.length === 0) continue;
    const chunkMs = chunks * 10;
    const ratios = ours.map((step) => cpuRatio(steps, step)).filter(Number.isFinite);
    const largest = ours[ours.length - 1]!;
    lines.push(
      `- **Our pipeline, ${chunkMs} ms chunks:** steady as sent (send jitter p99 under ${chunkMs} ms, no late send) up to **${highestSteady(ours, sentVerdict)}** on one core; steady as the callers heard it (simulator jitter p99 under ${chunkMs} ms, no underrun) up to ${highestSteady(ours, heardVerdict)}. CPU per call ${fixed(Math.min(...ratios), 1)}–${fixed(Math.max(...ratios), 1)}× the bare echo's. At ${largest.calls} calls it used ${fixed(largest.steady.cpuFraction * 100, 0)} % of a core (${fixed(largest.steady.cpuMsPerCallSecond, 2)} ms of CPU per call-second): a core would be saturated near ${largest.steady.cpuFraction > 0 ? Math.floor(largest.steady.calls / largest.steady.cpuFraction) : '—'} calls if the cost stayed linear.`,
    );
    for (const step of ours) {
      const sent = sentVerdict(step);
      const heard = heardVerdict(step);
      if (sent.steady && heard.steady) continue;
      const reasons = [...new Set([...sent.reasons, ...heard.reasons])].join('; ');
      lines.push(`  - ${step.calls} calls: ${reasons}.${loadSideNote(step)}`);
    }
  }
  if (bare.length > 0) {
    lines.push(
      `- **Bare echo:** steady as sent up to ${highestSteady(bare, sentVerdict)}, as heard up to ${highestSteady(bare, heardVerdict)}. It answers each frame when it arrives, with no buffer, so every frame that arrives later than the ones before leaves a gap: its underruns measure the simulator, the loopback and the machine, and set the floor for "as heard".`,
    );
  }
  const noisy = noisySteps(steps);
  if (noisy.length > 0) {
    lines.push(
      `- **Disturbed steps** (other processes on this shared machine): ${noisy.join('; ')}. Their tail figures (jitter p99, late sends, underruns) are less trustworthy than their CPU per call.`,
    );
  }
  return lines.join('\n');
}

/** Why the callers heard gaps the server did not send, when that is what happened. */
function loadSideNote(step: CallsStepResult): string {
  const report = step.load.report;
  if (report.underruns.count === 0 || step.steady.lateSendsWholeRun > 0) return '';
  const busy = step.cores
    ? `, its core ${fixed(step.cores.loadCoreBusy * 100, 0)} % busy while the simulator used ${fixed(step.loadCpuFraction * 100, 0)} %`
    : '';
  return ` The server sent every chunk in time over the whole run: these gaps arose on the load side (the simulator sent its own frames up to ${fixed(report.sendLatenessMs.max, 0)} ms late${busy}).`;
}

/** Steps where other processes took a noticeable share of a measured core. */
function noisySteps(steps: readonly CallsStepResult[]): string[] {
  const notes: string[] = [];
  for (const step of steps) {
    const cores = step.cores;
    if (!cores) continue;
    const loadOthers = Math.max(0, cores.loadCoreBusy - step.loadCpuFraction);
    if (cores.serverCoreOthers < NOISY_SHARE && loadOthers < NOISY_SHARE) continue;
    notes.push(
      `${step.calls} calls, ${serverLabel(step.server)} (others took ${fixed(cores.serverCoreOthers * 100, 0)} % of the server core, ${fixed(loadOthers * 100, 0)} % of the load core)`,
    );
  }
  return notes;
}

/** The benchmark's Markdown report. */
export function callsPerCoreMarkdown(results: CallsPerCoreResults): string {
  const { options, pinning, steps } = results;
  const batch =
    options.echoBatchMs > 0
      ? `caller audio goes back as bot speech (\`SpeechOutputAudioRawFrame\`) in ${options.echoBatchMs} ms batches after one batch of headroom, as a TTS service hands over audio, so the output transport paces every chunk on its own timer (first audio therefore comes about ${2 * options.echoBatchMs} ms after the call starts); after an interruption the bot answers at once with its last two batches again, so the output never runs dry`
      : 'each caller frame goes back at once as bot speech';
  const chunks = options.audioOut10msChunks.map((count) => `${count * 10} ms`).join(' and ');
  return [
    '# Calls per core: bare `ws` echo against our full pipeline',
    '',
    'Each server runs in its own Node.js process; the phone simulator (`runLoad`: Twilio, μ-law 8 kHz, all calls on one shared 20 ms tick) calls it from another process. All servers are measured at the same call counts in one run. Every caller talks 75 % of the time, with a synthetic voice (moving pitch, vowel formants, syllables: the core VAD hears each turn), in 3 s turns after pauses of alternately 1.7 s (the bot has finished its echo of the turn before) and 0.3 s (the caller talks again while the bot is still playing that echo: a barge-in).',
    '',
    '- **bare `ws` echo** (the limit of this machine): `JSON.parse` of every message, one media message back per media message, same payload.',
    `- **our pipeline:** \`detectProvider\` + \`createTwilio({ env: {} })\` + its \`TwilioFrameSerializer\` (not call-bound: no REST hang-up) + \`WebSocketTransport\` (8 kHz in and out${options.vad ? ', core `EnergyVADAnalyzer`' : ''}, ${chunks} chunks with ${options.audioOutMaxLeadMs === undefined ? 'their default one-chunk lead' : `${options.audioOutMaxLeadMs} ms lead`}) in a \`PipelineTask\` with a 300 s idle timeout and interruptions allowed + an echo bot: ${batch}. A barge-in makes the VAD start while the bot speaks: the input transport raises an interruption, the output drops its queued audio and sends a Twilio \`clear\`.`,
    '',
    machineMarkdown(results.machine),
    '',
    '![CPU per call and send jitter p99 against the call count: bare echo, our pipeline before and after](calls-per-core.svg)',
    '',
    markdownTable(
      ['setting', 'value'],
      [
        ['call counts', options.counts.join(', ')],
        ['call length', `${options.callDurationSecs} s, starts spread over ${options.rampSecs} s`],
        [
          'steady state',
          `from ${options.settleSecs} s after the last call connected to the first hang-up; 1 s samples`,
        ],
        ['CPU pinning', pinning.reason],
        [
          'server Node.js flags',
          // runs recorded before the setting existed had none
          (options.serverNodeFlags ?? []).length > 0
            ? options.serverNodeFlags.map((flag) => `\`${flag}\``).join(' ')
            : 'none (defaults)',
        ],
      ],
    ),
    '',
    '## Targets (issue 11)',
    '',
    `Computed from this run's steps (and the latest \`calls-soak\` result for memory) by \`evaluateCallsTargets\`: CPU per call of our pipeline at most ${CALLS_TARGETS.maxCpuRatio}× the bare echo's at the same count (aim ${CALLS_TARGETS.aimCpuRatio}×); RSS per call at most ${CALLS_TARGETS.maxRssKiBPerCall} KiB at ${CALLS_TARGETS.rssFromCalls} calls and more; at ${CALLS_TARGETS.pacingCalls} calls with ${CALLS_TARGETS.pacingChunkMs} ms chunks, no late send, send jitter p99 and event-loop delay p99 at most ${CALLS_TARGETS.maxSendJitterP99Ms} ms (steady state, as the server sent it); interruption → \`clear\` p99 at most ${CALLS_TARGETS.maxClearLatencyP99Ms} ms at ${CALLS_TARGETS.clearLatencyCalls} calls; memory flat over ${CALLS_TARGETS.soakMinutes} min at ${CALLS_TARGETS.soakCalls} calls. A step whose calls were not all open at once, or that had no steady state, fails its targets.`,
    '',
    targetsMarkdown(results.targets),
    '',
    '## Server cost (steady state, medians of 1 s samples)',
    '',
    'CPU per call is milliseconds of server CPU per second of call. Memory per call is the steady-state median minus the idle baseline (after a garbage collection), divided by the calls; heap includes garbage not yet collected.',
    '',
    costTable(steps),
    '',
    '## Pacing as the server sent it (steady state)',
    '',
    "Measured inside the server process, so noise on the load side does not count. Send jitter is |interval between two audio sends of a call − one chunk| (medians of each second's p50 and p99; the largest max), leaving out the sends an utterance starts with at once within the lead (after a `clear` too). A late send is one that leaves a gap on an ideal client that plays each message on arrival (the simulator's underrun, without the simulator's own delays); the whole-run count includes the ramp and the hang-ups, like the simulator's. Event-loop delay is beyond the 10 ms monitor resolution. Inbound latency is a media message reaching the server socket → its audio frame reaching the bot. Others' load is what other processes took of the server's core (from `/proc/stat`); preemptions are the server's involuntary context switches.",
    '',
    sentTable(steps),
    '',
    '## Interruptions (our pipeline, steady state)',
    '',
    "Measured in the server process: from the arrival at the socket of the caller media message whose audio made the VAD start (the last caller audio frame to reach the bot before the VAD's start frame) to the `clear` handed to the socket (`ws.send`). Percentiles over every interruption of the steady state. About one caller turn in two is a barge-in; the others start while the bot is quiet and interrupt nothing.",
    '',
    interruptionsTable(steps),
    '',
    '## What the callers heard (phone simulator, whole calls)',
    '',
    'Over whole calls, ramp included. Jitter is |inter-arrival − previous message duration| of bot media (it includes the burst of one lead that follows each `clear`, about one message in 400 at 20 ms); an underrun is a gap inside the bot audio; send lateness is how late the simulator itself sent caller frames (its own health: when it is high, the simulator was starved and its arrival times are late too).',
    '',
    heardTable(steps),
    '',
    '## Interpretation',
    '',
    interpretation(results),
    '',
  ].join('\n');
}
