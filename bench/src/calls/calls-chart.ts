import {
  axisTicks,
  type ChartPoint,
  coordinate,
  escapeXml,
  linearScale,
  linePath,
  type NiceAxis,
  niceAxis,
  presentPoints,
} from '../support/svg-chart.js';
import { CALLS_TARGETS } from './calls-targets.js';

/** Size of the whole chart and of each panel's plot area, in pixels. */
const CHART_WIDTH = 980;
const CHART_HEIGHT = 470;
const PANEL_WIDTH = 380;
const PANEL_HEIGHT = 270;
/** Top-left corners of the two plot areas. */
const PANEL_ORIGINS = [
  { x: 80, y: 92 },
  { x: 570, y: 92 },
] as const;
const LEGEND_Y = 418;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
const MARKER_RADIUS = 3;
const COLORS = Object.freeze({
  bare: '#6b7280',
  before: '#d97706',
  after: '#2563eb',
  target: '#dc2626',
  grid: '#e5e7eb',
  axis: '#374151',
});

/** What the chart reads of a step; results of older harness versions have the same shape. */
export interface ChartableStep {
  calls: number;
  server: { kind: string; audioOut10msChunks: number };
  steady: {
    intervals?: number;
    cpuMsPerCallSecond: number;
    sendJitterMs: { p99: number };
  };
}

/** What the chart reads of a `calls-per-core` results file. */
export interface ChartableResults {
  machine?: { commit?: string; date?: string; cpuModel?: string; cores?: number };
  steps: ChartableStep[];
}

/** One line of the chart. */
export interface ChartSeries {
  label: string;
  color: string;
  dashed: boolean;
  points: ChartPoint[];
}

/** A horizontal or proportional reference line (a target). */
interface Reference {
  label: string;
  points: ChartPoint[];
}

/** The steps of `results` that `matches` picks, as points of `metric` against the call count. */
export function seriesPoints(
  results: ChartableResults | undefined,
  matches: (step: ChartableStep) => boolean,
  metric: (step: ChartableStep) => number,
): ChartPoint[] {
  if (!results) return [];
  return results.steps.filter(matches).map((step) => ({
    x: step.calls,
    // a step without a steady state has nothing to show: a gap in the line
    y: step.steady.intervals === 0 ? undefined : metric(step),
  }));
}

const isBareEcho = (step: ChartableStep) => step.server.kind === 'bare-echo';
const isOurs = (chunkMs: number) => (step: ChartableStep) =>
  step.server.kind === 'pipeline' && step.server.audioOut10msChunks * 10 === chunkMs;

/** Chunk sizes of our pipeline present in either run, in ms (20 first). */
function chunkSizes(runs: readonly (ChartableResults | undefined)[]): number[] {
  const sizes = new Set<number>();
  for (const run of runs) {
    for (const step of run?.steps ?? []) {
      if (step.server.kind === 'pipeline') sizes.add(step.server.audioOut10msChunks * 10);
    }
  }
  return [...sizes].sort((a, b) => a - b);
}

/** The series of one panel: bare echo (latest run), ours before and after, per chunk size. */
export function chartSeries(
  before: ChartableResults | undefined,
  after: ChartableResults | undefined,
  metric: (step: ChartableStep) => number,
): ChartSeries[] {
  const series: ChartSeries[] = [
    {
      label: 'bare ws echo',
      color: COLORS.bare,
      dashed: false,
      points: seriesPoints(after, isBareEcho, metric),
    },
  ];
  for (const chunkMs of chunkSizes([before, after])) {
    const dashed = chunkMs !== CALLS_TARGETS.pacingChunkMs;
    for (const [run, label, color] of [
      [before, 'ours before', COLORS.before],
      [after, 'ours after', COLORS.after],
    ] as const) {
      series.push({
        label: `${label}, ${chunkMs} ms chunks`,
        color,
        dashed,
        points: seriesPoints(run, isOurs(chunkMs), metric),
      });
    }
  }
  return series;
}

function maxOf(series: readonly ChartSeries[], references: readonly Reference[], axis: 'x' | 'y') {
  let max = 0;
  for (const points of [
    ...series.map((line) => line.points),
    ...references.map((line) => line.points),
  ]) {
    for (const point of points) {
      const value = axis === 'x' ? point.x : point.y;
      if (value !== undefined && Number.isFinite(value)) max = Math.max(max, value);
    }
  }
  return max;
}

function formatTick(value: number): string {
  return String(Number.parseFloat(value.toFixed(2)));
}

interface PanelSpec {
  origin: { x: number; y: number };
  title: string;
  yLabel: string;
  series: ChartSeries[];
  reference: Reference | undefined;
  xAxis: NiceAxis;
}

function panelSvg(spec: PanelSpec): string {
  const { origin, xAxis } = spec;
  const references = spec.reference ? [spec.reference] : [];
  const yAxis = niceAxis(maxOf(spec.series, references, 'y'));
  const x = linearScale([0, xAxis.max], [origin.x, origin.x + PANEL_WIDTH]);
  const y = linearScale([0, yAxis.max], [origin.y + PANEL_HEIGHT, origin.y]);
  const parts: string[] = [
    `<text x="${origin.x}" y="${origin.y - 20}" ${FONT} font-size="14" font-weight="600" fill="${COLORS.axis}">${escapeXml(spec.title)}</text>`,
  ];
  for (const tick of axisTicks(yAxis)) {
    const ty = coordinate(y(tick));
    parts.push(
      `<line x1="${origin.x}" y1="${ty}" x2="${origin.x + PANEL_WIDTH}" y2="${ty}" stroke="${COLORS.grid}"/>`,
      `<text x="${origin.x - 6}" y="${ty}" ${FONT} font-size="11" text-anchor="end" dominant-baseline="middle" fill="${COLORS.axis}">${formatTick(tick)}</text>`,
    );
  }
  for (const tick of axisTicks(xAxis)) {
    const tx = coordinate(x(tick));
    parts.push(
      `<line x1="${tx}" y1="${origin.y + PANEL_HEIGHT}" x2="${tx}" y2="${origin.y + PANEL_HEIGHT + 4}" stroke="${COLORS.axis}"/>`,
      `<text x="${tx}" y="${origin.y + PANEL_HEIGHT + 18}" ${FONT} font-size="11" text-anchor="middle" fill="${COLORS.axis}">${formatTick(tick)}</text>`,
    );
  }
  parts.push(
    `<line x1="${origin.x}" y1="${origin.y + PANEL_HEIGHT}" x2="${origin.x + PANEL_WIDTH}" y2="${origin.y + PANEL_HEIGHT}" stroke="${COLORS.axis}"/>`,
    `<line x1="${origin.x}" y1="${origin.y}" x2="${origin.x}" y2="${origin.y + PANEL_HEIGHT}" stroke="${COLORS.axis}"/>`,
    `<text x="${origin.x + PANEL_WIDTH / 2}" y="${origin.y + PANEL_HEIGHT + 36}" ${FONT} font-size="12" text-anchor="middle" fill="${COLORS.axis}">concurrent calls</text>`,
    `<text transform="translate(${origin.x - 48} ${origin.y + PANEL_HEIGHT / 2}) rotate(-90)" ${FONT} font-size="12" text-anchor="middle" fill="${COLORS.axis}">${escapeXml(spec.yLabel)}</text>`,
  );
  if (spec.reference) {
    const path = linePath(spec.reference.points, x, y);
    if (path) {
      parts.push(
        `<path d="${path}" fill="none" stroke="${COLORS.target}" stroke-width="1.2" stroke-dasharray="2 3"><title>${escapeXml(spec.reference.label)}</title></path>`,
      );
    }
  }
  for (const line of spec.series) {
    const path = linePath(line.points, x, y);
    const dash = line.dashed ? ' stroke-dasharray="7 4"' : '';
    if (path) {
      parts.push(
        `<path d="${path}" fill="none" stroke="${line.color}" stroke-width="2"${dash}><title>${escapeXml(line.label)}</title></path>`,
      );
    }
    for (const point of presentPoints(line.points, x, y)) {
      parts.push(
        `<circle cx="${coordinate(point.x)}" cy="${coordinate(point.y)}" r="${MARKER_RADIUS}" fill="${line.color}"/>`,
      );
    }
  }
  return parts.join('\n');
}

function legendSvg(series: readonly ChartSeries[], referenceLabels: readonly string[]): string {
  const entries = [
    ...series.map((line) => ({
      label: line.points.some((point) => point.y !== undefined)
        ? line.label
        : `${line.label} (no data)`,
      color: line.color,
      dash: line.dashed ? ' stroke-dasharray="7 4"' : '',
    })),
    ...referenceLabels.map((label) => ({
      label,
      color: COLORS.target,
      dash: ' stroke-dasharray="2 3"',
    })),
  ];
  const columns = 3;
  const columnWidth = (CHART_WIDTH - 80) / columns;
  return entries
    .map((entry, index) => {
      const left = 80 + (index % columns) * columnWidth;
      const top = LEGEND_Y + Math.floor(index / columns) * 18;
      return [
        `<line x1="${left}" y1="${top}" x2="${left + 26}" y2="${top}" stroke="${entry.color}" stroke-width="2"${entry.dash}/>`,
        `<text x="${left + 32}" y="${top}" ${FONT} font-size="12" dominant-baseline="middle" fill="${COLORS.axis}">${escapeXml(entry.label)}</text>`,
      ].join('\n');
    })
    .join('\n');
}

function runLabel(name: string, results: ChartableResults | undefined): string {
  if (!results) return `${name}: none`;
  const commit = results.machine?.commit?.slice(0, 7) ?? 'unknown commit';
  const date = results.machine?.date?.slice(0, 10) ?? 'unknown date';
  return `${name}: ${commit} (${date})`;
}

/**
 * The `calls-per-core` chart: CPU per call (ms/s) and send jitter p99 (ms, as the server sent it)
 * against the call count, for the bare echo (latest run) and our pipeline before and after (20 ms
 * chunks solid, other chunk sizes dashed), with the targets as dotted red lines.
 */
export function callsChartSvg(
  before: ChartableResults | undefined,
  after: ChartableResults | undefined,
): string {
  const cpu = chartSeries(before, after, (step) => step.steady.cpuMsPerCallSecond);
  const jitter = chartSeries(before, after, (step) => step.steady.sendJitterMs.p99);
  const xAxis = niceAxis(Math.max(maxOf(cpu, [], 'x'), maxOf(jitter, [], 'x')));
  const bare = cpu[0]!.points;
  const cpuTarget: Reference = {
    label: `target: ${CALLS_TARGETS.maxCpuRatio} × bare echo`,
    points: bare.map((point) => ({
      x: point.x,
      y: point.y === undefined ? undefined : point.y * CALLS_TARGETS.maxCpuRatio,
    })),
  };
  const jitterTarget: Reference = {
    label: `target: send jitter p99 ≤ ${CALLS_TARGETS.maxSendJitterP99Ms} ms`,
    points: [
      { x: 0, y: CALLS_TARGETS.maxSendJitterP99Ms },
      { x: xAxis.max, y: CALLS_TARGETS.maxSendJitterP99Ms },
    ],
  };
  const machine = after?.machine ?? before?.machine;
  const machineText = machine?.cpuModel
    ? ` · ${machine.cpuModel}, ${machine.cores ?? '?'} cores, server on one core`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    `<text x="80" y="26" ${FONT} font-size="16" font-weight="700" fill="${COLORS.axis}">Calls per core: bare ws echo against our pipeline</text>`,
    `<text x="80" y="44" ${FONT} font-size="12" fill="${COLORS.axis}">${escapeXml(`${runLabel('before', before)} · ${runLabel('after', after)}${machineText}`)}</text>`,
    panelSvg({
      origin: PANEL_ORIGINS[0],
      title: 'CPU per call (steady state)',
      yLabel: 'ms of CPU per second of call',
      series: cpu,
      reference: cpuTarget,
      xAxis,
    }),
    panelSvg({
      origin: PANEL_ORIGINS[1],
      title: 'Send jitter p99, as the server sent it',
      yLabel: 'ms',
      series: jitter,
      reference: jitterTarget,
      xAxis,
    }),
    legendSvg(cpu, [cpuTarget.label, jitterTarget.label]),
    '</svg>',
    '',
  ].join('\n');
}
