import { markdownTable } from '../support/results.js';
import type { TargetRow, TargetVerdict } from './calls-targets.js';

const VERDICT_TEXT: Readonly<Record<TargetVerdict, string>> = {
  pass: 'pass',
  fail: '**FAIL**',
  'not measured': 'not measured',
};

/** The targets table, with a one-line count of passes, failures and targets not measured. */
export function targetsMarkdown(rows: readonly TargetRow[]): string {
  const count = (verdict: TargetVerdict) => rows.filter((row) => row.verdict === verdict).length;
  const summary = `${count('pass')} of ${rows.length} checks pass, ${count('fail')} fail, ${count('not measured')} not measured.`;
  const table = markdownTable(
    ['target', 'calls, server', 'measured', 'limit', 'verdict'],
    rows.map((row) => [
      row.target,
      row.where,
      row.measured,
      row.limit,
      row.note ? `${VERDICT_TEXT[row.verdict]} (${row.note})` : VERDICT_TEXT[row.verdict],
    ]),
  );
  return `${summary}\n\n${table}`;
}
