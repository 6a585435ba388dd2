import { machineMarkdown } from '../support/machine.js';
import { markdownTable } from '../support/results.js';
import {
  DRAIN_SLACK_MS,
  END_OF_CALL_ALLOWANCE_MS,
  reliabilityChecks,
} from './reliability-checks.js';
import type { ReliabilityResults } from './reliability-results.js';
import type { Summary } from './statistics.js';

const BYTES_PER_MEBIBYTE = 2 ** 20;

function counts(values: Record<string, number>): string {
  const entries = Object.entries(values).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? '—' : entries.map(([key, value]) => `${key} ${value}`).join(', ');
}

function total(values: Record<string, number>): number {
  return Object.values(values).reduce((sum, value) => sum + value, 0);
}

function milliseconds(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '—' : `${Math.round(value)} ms`;
}

function range(summary: Summary): string {
  if (summary.count === 0) return '—';
  return `${Math.round(summary.min)} / ${Math.round(summary.median)} / ${Math.round(summary.max)} ms`;
}

function mebibytes(bytes: number | undefined): string {
  return bytes === undefined ? '—' : `${(bytes / BYTES_PER_MEBIBYTE).toFixed(1)} MiB`;
}

function verdicts(results: ReliabilityResults): string {
  const rows = reliabilityChecks(results).map((check) => [
    check.passed ? 'pass' : '**FAIL**',
    check.check,
    check.detail,
  ]);
  return markdownTable(['', 'check', 'measured'], rows);
}

function inProcessSection(results: ReliabilityResults): string {
  const rows = results.inProcess.map((part) => [
    part.provider,
    String(part.cases),
    String(part.accepted),
    String(total(part.rejectedByKind)),
    String(part.deserializeEscapes),
    String(part.recognizeEscapes),
    String(part.detectionEscapes),
    `${(part.wallMs / 1000).toFixed(1)} s (${Math.round(part.cases / (part.wallMs / 1000))}/s)`,
  ]);
  const kinds = results.inProcess.map(
    (part) =>
      `- **${part.provider}**: rejected ${counts(part.rejectedByKind)}; detection ${counts(part.detections)}`,
  );
  const examples = results.inProcess.flatMap((part) =>
    part.escapeExamples.map(
      (example) =>
        `- ${example.where}: \`${example.error}\` on ${example.message}\n\n  \`\`\`\n${example.stack
          .split('\n')
          .map((line) => `  ${line.trim()}`)
          .join('\n')}\n  \`\`\``,
    ),
  );
  return [
    '## a. Fuzzed messages in process: deserializer and detection',
    '',
    `Each provider's valid messages, mutated (fields dropped, renamed, retyped; hostile numbers, strings, base64, nesting, prototype keys; JSON text cut or corrupted; sent as bytes) or replaced by garbage, from seed ${results.options.seed}. Each message goes to the provider's serializer (a fresh one every 50 messages, so state carries over), to the three providers' \`recognize\` (\`createTwilio\`, \`createTelnyx\`, \`createPlivo\` without credentials), and in openings of 10 to \`detectProvider\` with all three. "Escapes" are exceptions other than \`MessageRejectedError\` from \`deserialize\` (or a value that is no frame), any exception or undocumented answer from \`recognize\`, and anything but a \`ProviderDetectionError\` from \`detectProvider\`: each must be 0.`,
    '',
    markdownTable(
      [
        'provider',
        'cases',
        'accepted',
        'rejected',
        'deserialize escapes',
        'recognize escapes',
        'detection escapes',
        'time',
      ],
      rows,
    ),
    '',
    ...kinds,
    ...(examples.length > 0
      ? ['', 'Escaped exceptions (first of each run):', '', ...examples]
      : []),
  ].join('\n');
}

function liveSection(results: ReliabilityResults): string {
  const rows = results.live.map((part) => [
    part.provider,
    String(part.fuzzedMessages),
    String(part.validMediaMessages),
    `${part.invalidUtf8Frames} / ${part.oversizedFrames} / ${part.resets}`,
    `${part.connectionsOpened} (${part.garbageFirstConnections} garbage first)`,
    counts(part.serverCloses),
    counts(part.refusedUpgrades),
    `${part.serverAlive ? 'alive' : '**exited**'}, /healthz ${part.healthStatus}, /livez ${part.livenessStatus}`,
    part.callAfterwards.greeted
      ? `greeted after ${part.callAfterwards.firstAudioMs} ms`
      : `**not greeted**: ${part.callAfterwards.error ?? ''}`,
  ]);
  const changes = results.live.map(
    (part) =>
      `- **${part.provider}**: ${part.metricChanges.callsStarted} calls started; protocol errors ${counts(part.metricChanges.protocolErrorsByKind)}; failed setups ${counts(part.metricChanges.failedSetupsByReason)}; calls ended ${counts(part.metricChanges.callsEndedByReason)}`,
  );
  return [
    '## b. Fuzzed WebSocket traffic to a live demo process',
    '',
    `\`node apps/demo/dist/main.js\` on 127.0.0.1, no credentials. Per provider, ${results.options.liveConnections} connections at once open \`/ws\`, send the provider's opening and a valid media message, then fuzzed messages every 10 ms (every 10th send a valid media message, so calls have audio; below the demo's 250 messages/s per call). A few actions end a connection on purpose: a text frame that is not UTF-8, a frame over the 64 KiB limit, a reset without a close frame; every 10th connection sends a fuzzed message before its opening. Closed connections are replaced until the messages are sent. Afterwards the server must run, answer \`/healthz\` and greet a normal simulated call.`,
    '',
    markdownTable(
      [
        'provider',
        'fuzzed messages',
        'valid media',
        'not UTF-8 / oversized / resets',
        'connections',
        'server closes (code)',
        'refused upgrades',
        'server afterwards',
        'a normal call afterwards',
      ],
      rows,
    ),
    '',
    'What the demo counted (`/metrics`, change over each provider’s run):',
    '',
    ...changes,
  ].join('\n');
}

function churnSection(results: ReliabilityResults): string {
  const { churn } = results;
  const round = (label: string, part: typeof churn.abrupt) => [
    label,
    String(part.requested),
    String(part.heardTheBot),
    counts(part.failures),
    counts(part.closeCodes),
    range(part.firstAudioMs),
    `${(part.wallMs / 1000).toFixed(1)} s`,
  ];
  const readings = [
    ['idle, before', churn.readings.before],
    ['idle, after the abrupt calls', churn.readings.afterAbrupt],
    ['idle, after the short calls', churn.readings.afterShort],
  ] as const;
  const readingRows = readings.map(([label, reading]) => [
    label,
    mebibytes(reading.residentBytes),
    String(reading.metrics?.callsStarted ?? '—'),
    reading.metrics ? counts(reading.metrics.callsEndedByReason) : '—',
    String(reading.metrics?.activeCalls ?? '—'),
    reading.metrics ? counts(reading.metrics.failedSetupsByReason) : '—',
  ]);
  const memory = churn.shortCallMemory
    .map((sample) => `${sample.calls}: ${mebibytes(sample.residentBytes)}`)
    .join(' · ');
  return [
    '## c. Abrupt disconnects and short calls',
    '',
    `A fresh demo process. First ${results.options.abruptDisconnects} calls (12 at a time, below the demo's 16 streams being set up per address; rotating over the three providers) connect, send the opening and one media message, wait for the bot's first audio, then destroy the socket without a close frame. Then ${results.options.shortCalls} short calls one after the other do the same and hang up the way the provider does (Twilio and Telnyx send \`stop\`, then every call closes with 1000). Memory is the server's resident set (\`/proc/<pid>/status\` VmRSS) after 3 s idle.`,
    '',
    markdownTable(
      [
        'round',
        'calls',
        'heard the bot',
        'failures',
        'close codes',
        'first audio min / median / max',
        'time',
      ],
      [round('abrupt disconnects', churn.abrupt), round('short calls', churn.short)],
    ),
    '',
    markdownTable(
      ['server', 'RSS', 'calls started', 'calls ended (reason)', 'active', 'failed setups'],
      readingRows,
    ),
    '',
    `RSS while the short calls ran (after that many calls): ${memory || '—'}.`,
  ].join('\n');
}

function drainSection(results: ReliabilityResults): string {
  const rows = results.drains.map((drain) => [
    drain.label,
    `${drain.callsConnected}/${drain.callsRequested}`,
    `${drain.drainTimeoutSecs} s`,
    milliseconds(drain.readinessFailedAfterMs),
    String(drain.livenessWhileDraining),
    String(drain.upgradeWhileDraining),
    range(drain.callClosedAfterMs),
    counts(drain.closeCodes),
    String(drain.heardGoodbye),
    drain.restHangUps === undefined ? '—' : String(drain.restHangUps),
    `${drain.exitCode ?? drain.exitSignal} after ${milliseconds(drain.exitedAfterMs)}`,
  ]);
  return [
    '## d. Drain on SIGTERM',
    '',
    `The demo starts with \`DRAIN_TIMEOUT=${results.options.drainTimeoutSecs}\`; the simulator places the calls (they stay on the line, sending silence), then the process gets SIGTERM. Times are from the signal. The check allows \`DRAIN_TIMEOUT\` + ${END_OF_CALL_ALLOWANCE_MS / 1000} s to end the remaining calls (goodbye, a REST hang-up abandoned after its 3 s bound, close) + ${DRAIN_SLACK_MS / 1000} s slack. In the second run Twilio credentials are set and \`TWILIO_API_BASE_URL\` points at a server that never answers: calls are placed through the signed webhook (call-bound stream tokens), and each remaining call's REST hang-up must give up within its bound.`,
    '',
    markdownTable(
      [
        'run',
        'calls',
        'DRAIN_TIMEOUT',
        '/healthz 503 after',
        '/livez',
        'new upgrade',
        'calls closed after min / median / max',
        'close codes',
        'heard a goodbye',
        'REST hang-ups',
        'exit',
      ],
      rows,
    ),
  ].join('\n');
}

/** The Markdown report of a run. */
export function reliabilityMarkdown(results: ReliabilityResults): string {
  return [
    '# Reliability: fuzzed messages, hostile traffic, churn and drain',
    '',
    machineMarkdown(results.machine),
    '',
    '## Verdicts',
    '',
    verdicts(results),
    '',
    inProcessSection(results),
    '',
    liveSection(results),
    '',
    churnSection(results),
    '',
    drainSection(results),
    '',
  ].join('\n');
}
