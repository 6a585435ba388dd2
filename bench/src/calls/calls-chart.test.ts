import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS_DIRECTORY } from '../support/results.js';
import {
  type ChartableResults,
  type ChartableStep,
  callsChartSvg,
  chartSeries,
  seriesPoints,
} from './calls-chart.js';
import { BEFORE_RESULTS_FILE, readChartableResults } from './calls-chart-files.js';

function step(
  calls: number,
  kind: 'bare-echo' | 'pipeline',
  chunks: number,
  cpu: number,
  intervals = 15,
): ChartableStep {
  return {
    calls,
    server: { kind, audioOut10msChunks: chunks },
    steady: { intervals, cpuMsPerCallSecond: cpu, sendJitterMs: { p99: cpu * 10 } },
  };
}

const BEFORE: ChartableResults = {
  machine: { commit: 'd39b44db90a1', date: '2026-11-27T01:07:55.299Z' },
  steps: [100, 200].flatMap((calls) => [
    step(calls, 'bare-echo', 2, 1),
    step(calls, 'pipeline', 2, 2.5),
  ]),
};
const AFTER: ChartableResults = {
  machine: { commit: '0123456789ab', date: '2026-12-01T00:00:00.000Z' },
  steps: [100, 200, 300].flatMap((calls) => [
    step(calls, 'bare-echo', 2, 1),
    step(calls, 'pipeline', 2, 1.3, calls === 200 ? 0 : 15),
    step(calls, 'pipeline', 4, 1.2),
  ]),
};
const cpuOf = (candidate: ChartableStep) => candidate.steady.cpuMsPerCallSecond;

describe('seriesPoints', () => {
  it('leaves a gap where a step had no steady state', () => {
    const points = seriesPoints(
      AFTER,
      (candidate) =>
        candidate.server.kind === 'pipeline' && candidate.server.audioOut10msChunks === 2,
      cpuOf,
    );
    expect(points).toEqual([
      { x: 100, y: 1.3 },
      { x: 200, y: undefined },
      { x: 300, y: 1.3 },
    ]);
  });

  it('has no points for a run that is missing', () => {
    expect(seriesPoints(undefined, () => true, cpuOf)).toEqual([]);
  });
});

describe('chartSeries', () => {
  it('gives the bare echo, then ours before and after for each chunk size, 20 ms solid', () => {
    const series = chartSeries(BEFORE, AFTER, cpuOf);
    expect(series.map((line) => [line.label, line.dashed, line.points.length])).toEqual([
      ['bare ws echo', false, 3],
      ['ours before, 20 ms chunks', false, 2],
      ['ours after, 20 ms chunks', false, 3],
      ['ours before, 40 ms chunks', true, 0],
      ['ours after, 40 ms chunks', true, 3],
    ]);
  });
});

describe('callsChartSvg', () => {
  it('draws both panels with a line per series that has data, and marks the rest as missing', () => {
    const svg = callsChartSvg(BEFORE, AFTER);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('CPU per call (steady state)');
    expect(svg).toContain('Send jitter p99, as the server sent it');
    // 4 series with data + 1 target line, in each of the two panels
    expect(svg.match(/<path /g)).toHaveLength(10);
    expect(svg).toContain('ours before, 40 ms chunks (no data)');
    expect(svg).toContain('before: d39b44d (2026-11-27)');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('breaks our after line where a step had no steady state', () => {
    const svg = callsChartSvg(BEFORE, AFTER);
    const after20 = svg
      .split('\n')
      .find((line) => line.includes('<title>ours after, 20 ms chunks</title>'))!;
    expect(after20.match(/M/g)).toHaveLength(2);
    expect(after20).not.toContain('L');
  });

  it('draws the committed before run on its own', () => {
    const before = readChartableResults(join(RESULTS_DIRECTORY, BEFORE_RESULTS_FILE));
    expect(before?.steps.length).toBeGreaterThan(0);
    const svg = callsChartSvg(before, undefined);
    expect(svg).toContain('ours before, 20 ms chunks</title>');
    expect(svg).toContain('after: none');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });
});
