import { type MachineInfo, machineMarkdown } from '../support/machine.js';
import { markdownTable } from '../support/results.js';
import { serverLabel } from './calls-per-core-report.js';
import { FLAT_GROWTH_PER_10_MINUTES, type MemorySlope } from './memory-trend.js';
import type { CallsSoakRun } from './run-calls-soak.js';

const BYTES_PER_MIB = 1024 * 1024;
const SECONDS_PER_MINUTE = 60;

/** Everything the soak writes as JSON. */
export interface CallsSoakResults extends CallsSoakRun {
  machine: MachineInfo;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function percent(fraction: number): string {
  return `${fraction >= 0 ? '+' : ''}${fixed(fraction * 100, 2)} %`;
}

function slopeCells(slope: MemorySlope): string[] {
  return [
    fixed(slope.meanBytes / BYTES_PER_MIB, 1),
    fixed(slope.slopeKiBPerMinute, 1),
    percent(slope.growthPer10Minutes),
  ];
}

/** The soak's verdict in words: "flat", "**not flat**" or why there is none. */
export function soakVerdict(results: CallsSoakRun): string {
  if (results.trend.flat === undefined) return 'no verdict: too few points after the warm-up';
  return results.trend.flat ? 'flat' : '**not flat**';
}

function perMinuteTable(results: CallsSoakRun): string {
  const rows: string[][] = [];
  let nextMinute = 0;
  for (const point of results.points) {
    if (point.atSecs + 0.5 < nextMinute * SECONDS_PER_MINUTE) continue;
    rows.push([
      String(nextMinute),
      String(point.activeCalls),
      fixed(point.rssBytes / BYTES_PER_MIB, 1),
      fixed(point.heapUsedBytes / BYTES_PER_MIB, 1),
    ]);
    nextMinute++;
  }
  return markdownTable(['minute', 'calls open', 'RSS, MiB', 'heap used, MiB'], rows);
}

/** The soak's Markdown report. */
export function callsSoakMarkdown(results: CallsSoakResults): string {
  const { options, trend, load } = results;
  const threshold = `${fixed(FLAT_GROWTH_PER_10_MINUTES * 100, 0)} %`;
  return [
    '# Calls soak: memory of our pipeline over a long run',
    '',
    `Our pipeline server (${serverLabel(results.server)}, the same server as in [\`calls-per-core\`](calls-per-core.md)) keeps ${options.calls} simulated Twilio calls for ${options.minutes} min: each call lasts ${options.callSecs} s and is replaced as soon as it ends, so about ${Math.round((options.calls * SECONDS_PER_MINUTE) / options.callSecs)} calls are set up and torn down every minute while the count stays level (the first calls start spread over ${fixed(Math.min(options.callSecs, options.warmupSecs), 0)} s). The server reports its memory every second; every ${results.points.length > 1 ? fixed(results.points[1]!.atSecs - results.points[0]!.atSecs, 0) : '5'} s is kept.`,
    '',
    `**Flat** means: the least-squares line through the RSS after the ${options.warmupSecs} s warm-up grows by less than ${threshold} of the mean RSS per 10 minutes. The heap line is shown for reading only (garbage collection saw-tooths it).`,
    '',
    machineMarkdown(results.machine),
    '',
    '## Verdict',
    '',
    markdownTable(
      ['series', 'mean, MiB', 'slope, KiB/min', 'growth per 10 min', 'verdict'],
      [
        ['RSS', ...slopeCells(trend.rss), `${soakVerdict(results)} (limit ${threshold})`],
        ['heap used', ...slopeCells(trend.heap), 'for reading'],
      ],
    ),
    '',
    `Fitted from ${fixed(trend.fromSecs, 0)} s to ${fixed(trend.toSecs, 0)} s (${trend.points} points), with ${trend.minCalls}–${trend.maxCalls} calls open; the server used ${fixed(results.serverCpuFraction * 100, 0)} % of its core, the load ${fixed(results.loadCpuFraction * 100, 0)} % of another (${results.pinning.reason}). Idle baseline: RSS ${fixed(results.baseline.rssBytes / BYTES_PER_MIB, 1)} MiB, heap ${fixed(results.baseline.heapUsedBytes / BYTES_PER_MIB, 1)} MiB.`,
    '',
    '## Calls',
    '',
    markdownTable(
      [
        'placed',
        'connected',
        'failed',
        'ended early',
        'underruns',
        'protocol errors',
        'server errors',
        'errors',
      ],
      [
        [
          String(load.placed),
          String(load.connected),
          String(load.failed),
          String(load.endedEarly),
          String(load.underruns),
          String(load.protocolErrors),
          String(results.serverTotals.serverErrors),
          load.errors.length === 0
            ? 'none'
            : load.errors.map((error) => `${error.message} ×${error.count}`).join('; '),
        ],
      ],
    ),
    '',
    '## Memory by minute',
    '',
    perMinuteTable(results),
    '',
  ].join('\n');
}
