import type { CallSummary } from '../call/call-summary.js';
import { formatDuration, formatRows } from './format-units.js';

/** Protocol errors listed in full by `formatCallSummary` (the rest are counted). */
const LISTED_PROTOCOL_ERRORS = 10;
/** Clears listed in full by `formatCallSummary`. */
const LISTED_CLEARS = 10;

/** A call summary as a readable table (what `phone-sim call` prints). */
export function formatCallSummary(summary: CallSummary): string {
  const marks = summary.marks;
  const clears =
    summary.clears.length === 0
      ? 'none'
      : `${summary.clears.length}: ${summary.clears
          .slice(0, LISTED_CLEARS)
          .map(
            (clear) =>
              `at ${formatDuration(clear.atMs)} dropped ${formatDuration(clear.discardedMs)}`,
          )
          .join('; ')}${summary.clears.length > LISTED_CLEARS ? '; …' : ''}`;
  const close = summary.close
    ? `${summary.hungUpBy} hung up (close ${summary.close.code}${summary.close.reason ? ` "${summary.close.reason}"` : ''})`
    : 'still open';
  const rows: [string, string][] = [
    ['call', `${summary.provider} ${summary.ids.callId} → ${summary.url}`],
  ];
  if (summary.webhook) {
    const names = Object.keys(summary.webhook.parameters);
    rows.push([
      'webhook',
      `POST ${summary.webhook.url} → ${summary.webhook.statusCode}, stream ${summary.webhook.streamUrl}${names.length > 0 ? `, parameters ${names.join(', ')}` : ''}`,
    ]);
  }
  rows.push(
    [
      'stream',
      `${summary.ids.streamId}, ${summary.codec.name} ${summary.codec.sampleRate} Hz${summary.fast ? ', fast (virtual time)' : ''}`,
    ],
    ['duration', `${formatDuration(summary.durationMs)}, ${close}`],
    ['first bot audio', formatDuration(summary.firstBotAudioMs)],
    [
      'caller sent',
      `${formatDuration(summary.caller.audioSentMs)} of audio in ${summary.caller.framesSent} frames${summary.caller.dtmfSent ? `, DTMF "${summary.caller.dtmfSent}"` : ''}`,
    ],
    [
      'bot audio',
      `received ${formatDuration(summary.bot.audioReceivedMs)} in ${summary.bot.mediaMessages} messages, played ${formatDuration(summary.bot.audioPlayedMs)}, unplayed at end ${formatDuration(summary.bot.unplayedAtEndMs)}`,
    ],
    ['bot utterances', String(summary.bot.utterances.length)],
    ['clears', clears],
    [
      'marks',
      `received ${marks.received}, answered ${marks.answeredAfterPlayout} after playout + ${marks.answeredOnClear} on clear, dropped ${marks.droppedOnClear}, pending ${marks.pending}`,
    ],
    [
      'underruns',
      summary.underruns.count === 0
        ? 'none'
        : `${summary.underruns.count} (${formatDuration(summary.underruns.totalMs)} of gaps)`,
    ],
  );
  if (summary.bot.dtmfReceived) rows.push(['bot DTMF', `"${summary.bot.dtmfReceived}"`]);
  if (summary.sendLatenessMs && summary.sendLatenessMs.count > 0) {
    const lateness = summary.sendLatenessMs;
    rows.push([
      'send lateness',
      `p50 ${formatDuration(lateness.p50)}, p99 ${formatDuration(lateness.p99)}, max ${formatDuration(lateness.max)}`,
    ]);
  }
  if (summary.recording) {
    rows.push([
      'recording',
      `${formatDuration(summary.recording.durationMs)} at ${summary.recording.sampleRate} Hz${summary.recording.truncated ? ' (truncated)' : ''}`,
    ]);
  }
  rows.push(['protocol errors', String(summary.protocolErrorCount)]);
  const lines = [formatRows(rows)];
  for (const error of summary.protocolErrors.slice(0, LISTED_PROTOCOL_ERRORS)) {
    const code = error.code === undefined ? '' : `${error.code} `;
    const verdict = error.rejected ? 'rejected' : 'warning';
    lines.push(
      `    ${code}${error.rule} (${verdict}) at ${formatDuration(error.atMs)}: ${error.detail}`,
    );
    lines.push(`      ${error.message}`);
  }
  if (summary.protocolErrorCount > LISTED_PROTOCOL_ERRORS) {
    lines.push(`    … and ${summary.protocolErrorCount - LISTED_PROTOCOL_ERRORS} more`);
  }
  return lines.join('\n');
}
