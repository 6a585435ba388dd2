import { describe, expect, it } from 'vitest';
import { mergeWorkerMetrics } from './merge-worker-metrics.js';

const WORKER_TEXT = (started: number) =>
  [
    '# HELP telephony_calls_active Calls in progress now.',
    '# TYPE telephony_calls_active gauge',
    'telephony_calls_active 1',
    '# HELP telephony_calls_started_total Calls started, by provider.',
    '# TYPE telephony_calls_started_total counter',
    `telephony_calls_started_total{provider="twilio"} ${started}`,
    '',
  ].join('\n');

function countOf(text: string, line: string): number {
  return text.split('\n').filter((each) => each === line).length;
}

describe('mergeWorkerMetrics', () => {
  it("keeps each metric's HELP and TYPE once and labels every worker's series with its id", () => {
    const merged = mergeWorkerMetrics([
      { worker: '1', text: WORKER_TEXT(2) },
      { worker: '2', text: WORKER_TEXT(3) },
    ]);
    expect(countOf(merged, '# HELP telephony_calls_active Calls in progress now.')).toBe(1);
    expect(countOf(merged, '# TYPE telephony_calls_started_total counter')).toBe(1);
    expect(merged).toContain(
      [
        '# HELP telephony_calls_started_total Calls started, by provider.',
        '# TYPE telephony_calls_started_total counter',
        'telephony_calls_started_total{provider="twilio",worker="1"} 2',
        'telephony_calls_started_total{provider="twilio",worker="2"} 3',
      ].join('\n'),
    );
    expect(merged).toContain('telephony_calls_active{worker="1"} 1');
    expect(merged.endsWith('\n')).toBe(true);
  });

  it('says which workers did not answer, with a gauge and a comment, and leaves their series out', () => {
    const merged = mergeWorkerMetrics([
      { worker: '1', text: WORKER_TEXT(2) },
      { worker: '3', text: undefined },
    ]);
    expect(merged).toContain('telephony_worker_up{worker="1"} 1');
    expect(merged).toContain('telephony_worker_up{worker="3"} 0');
    expect(merged).toContain('# Workers that did not answer in time (their series are missing): 3');
    expect(merged).not.toContain('worker="3"} 2');
  });

  it('keeps label values with braces, quotes and commas intact', () => {
    const merged = mergeWorkerMetrics([
      {
        worker: '1',
        text: 'telephony_x_total{kind="a}b\\"c,",provider="twilio",} 4\n',
      },
    ]);
    expect(merged).toContain('telephony_x_total{kind="a}b\\"c,",provider="twilio",worker="1"} 4');
  });

  it('keeps the series of a family together when workers list families in another order', () => {
    const merged = mergeWorkerMetrics([
      { worker: '1', text: 'a_total 1\nb_total 2\n' },
      { worker: '2', text: 'b_total 3\na_total 4\n' },
    ]);
    expect(merged).toMatch(/a_total\{worker="1"\} 1\na_total\{worker="2"\} 4\nb_total/);
  });
});
