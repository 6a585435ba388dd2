/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. from `CALLS_CPU_PROFILE_DIR`): where the
 * busy time went by area (Node internals, `ws`, each core folder, the Twilio serializer, the
 * harness, GC) and the functions with the most self time.
 *
 *   node dist/calls/summarize-cpu-profile.js /tmp/profiles/pipeline-300-calls.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';
import { markdownTable } from '../support/results.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Functions listed by default. */
const DEFAULT_TOP_FUNCTIONS = 25;
/** Time V8 spends waiting, not working. */
const IDLE_FUNCTIONS = new Set(['(idle)']);

/** The area a function belongs to, from its script URL. */
export function areaOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'garbage collector';
  const core = /\/transport-core\/dist\/([^/]+)\//.exec(url);
  if (core) return `@x/transport-core ${core[1]}`;
  if (url.includes('/serializer-twilio/')) return '@x/serializer-twilio';
  if (/\/ws\/lib\/|\/ws@/.test(url)) return 'ws';
  if (url.includes('/bench/dist/')) return 'benchmark harness (echo bot, probes)';
  if (url.startsWith('node:')) return 'Node.js (streams, sockets, timers, events)';
  if (functionName.startsWith('RegExp:')) return 'regular expressions';
  if (functionName === 'writev') return 'socket writes (writev)';
  return 'other native code (JSON, Buffer, base64, strings, V8)';
}

function shortLocation(frame: ProfileNode['callFrame']): string {
  const file = frame.url.replace(/^.*\/(packages|node_modules)\//, '').replace(/^file:\/\//, '');
  return file ? `${file}:${frame.lineNumber + 1}` : '';
}

/** Markdown tables of busy time by area and the top functions by self time. */
export function summarizeCpuProfile(profile: CpuProfile, topFunctions: number): string {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  let busy = 0;
  let total = 0;
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, { area: string; micros: number }>();
  for (const [id, micros] of selfMicros) {
    const frame = nodes.get(id)!.callFrame;
    total += micros;
    if (IDLE_FUNCTIONS.has(frame.functionName)) continue;
    busy += micros;
    const area = areaOf(frame.url, frame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    const name = `\`${frame.functionName || '(anonymous)'}\` ${shortLocation(frame)}`.trim();
    const entry = byFunction.get(name) ?? { area, micros: 0 };
    entry.micros += micros;
    byFunction.set(name, entry);
  }
  const share = (micros: number): string => `${((micros / busy) * 100).toFixed(1)} %`;
  const areas = [...byArea].sort((a, b) => b[1] - a[1]);
  const functions = [...byFunction]
    .sort((a, b) => b[1].micros - a[1].micros)
    .slice(0, topFunctions);
  return [
    `Busy ${((busy / total) * 100).toFixed(0)} % of ${(total / 1e6).toFixed(1)} s profiled; shares below are of the busy time (self time).`,
    '',
    markdownTable(
      ['area', 'share of busy time'],
      areas.map(([area, micros]) => [area, share(micros)]),
    ),
    '',
    markdownTable(
      ['function', 'area', 'self time'],
      functions.map(([name, entry]) => [name, entry.area, share(entry.micros)]),
    ),
  ].join('\n');
}

function main(): void {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: summarize-cpu-profile <file.cpuprofile> [top functions]');
    process.exitCode = 2;
    return;
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(summarizeCpuProfile(profile, top ? Number(top) : DEFAULT_TOP_FUNCTIONS));
}

main();
