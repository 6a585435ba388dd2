import type { Percentiles } from '../load/histogram.js';
import type { LoadReport } from '../load/run-load.js';
import { formatDuration, formatRows } from './format-units.js';

function percentiles(values: Percentiles): string {
  if (values.count === 0) return 'no samples';
  return `p50 ${formatDuration(values.p50)}  p90 ${formatDuration(values.p90)}  p99 ${formatDuration(values.p99)}  max ${formatDuration(values.max)}  (n=${values.count})`;
}

/** A load report as a readable table (what `phone-sim load` prints). */
export function formatLoadReport(report: LoadReport): string {
  const calls = report.calls;
  const rows: [string, string][] = [
    ['target', `${report.provider} → ${report.url}`],
    [
      'calls',
      `${calls.requested} requested, ${calls.connected} connected, ${calls.failed} failed, ${calls.completed} completed, ${calls.endedByBot} ended by the bot, ${calls.endedByError} cut short`,
    ],
    [
      'timing',
      `${formatDuration(report.timing.callDurationMs)} per call, ramp ${formatDuration(report.timing.rampMs)}, run ${formatDuration(report.timing.wallMs)}`,
    ],
    [
      'first bot audio',
      `${percentiles(report.firstAudioMs)}${calls.withoutBotAudio > 0 ? `; ${calls.withoutBotAudio} calls got none` : ''}`,
    ],
    ['bot pacing jitter', percentiles(report.outboundJitterMs)],
    ['own send lateness', percentiles(report.sendLatenessMs)],
    [
      'underruns',
      report.underruns.count === 0
        ? 'none'
        : `${report.underruns.count} in ${report.underruns.callsAffected} calls, ${formatDuration(report.underruns.totalMs)} of gaps; gap ${percentiles(report.underruns.gapMs)}`,
    ],
    [
      'bot audio',
      `received ${formatDuration(report.botAudio.receivedMs)}, played ${formatDuration(report.botAudio.playedMs)}, ${report.botAudio.mediaMessages} messages`,
    ],
    [
      'protocol errors',
      report.protocolErrors.count === 0
        ? 'none'
        : `${report.protocolErrors.count}: ${Object.entries(report.protocolErrors.byRule)
            .map(([rule, count]) => `${rule} ×${count}`)
            .join(', ')}`,
    ],
  ];
  const lines = [formatRows(rows)];
  if (report.errors.length > 0) {
    lines.push('  errors:');
    for (const error of report.errors) lines.push(`    ${error.count}× ${error.message}`);
  }
  return lines.join('\n');
}
