/** One series of a Prometheus text scrape. */
export interface ScrapedSeries {
  /** The metric name. */
  name: string;
  /** Its labels. */
  labels: Record<string, string>;
  /** Its value. */
  value: number;
}

const SERIES_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every series of a scrape (comments and `# HELP`/`# TYPE` lines left out). */
export function parseSeries(text: string): ScrapedSeries[] {
  const series: ScrapedSeries[] = [];
  for (const line of text.split('\n')) {
    const match = SERIES_LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(LABEL_PAIR)) labels[name!] = value!;
    series.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return series;
}

/** The `# HELP` (or `# TYPE`) lines of a scrape, by metric name, counted. */
export function headerCounts(text: string, kind: 'HELP' | 'TYPE'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const name = new RegExp(`^# ${kind} (\\S+)`).exec(line)?.[1];
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}
