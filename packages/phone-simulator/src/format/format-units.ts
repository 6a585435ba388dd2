/** `1234.5` → `"1.23 s"`, `56.7` → `"57 ms"`: milliseconds in the unit that reads best. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (Math.abs(ms) >= 1_000) return `${(ms / 1000).toFixed(2)} s`;
  if (Math.abs(ms) >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/** Rows of `[label, value]` as aligned text, one per line, indented by two spaces. */
export function formatRows(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}
