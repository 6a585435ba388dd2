/** One sample of a Prometheus text exposition: metric name, labels and value. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescapeLabelValue(value: string): string {
  return value.replace(/\\(["\\n])/g, (_, character: string) =>
    character === 'n' ? '\n' : character,
  );
}

/** Parses the samples of a Prometheus text exposition (comments and blank lines skipped). */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = SAMPLE_LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) {
      labels[label[1]!] = unescapeLabelValue(label[2]!);
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `labels`; 0 when there are none. */
export function metricSum(
  samples: readonly PrometheusSample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  let sum = 0;
  for (const sample of samples) {
    if (sample.name !== name) continue;
    if (Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) {
      sum += sample.value;
    }
  }
  return sum;
}

/** The samples named `name`, summed by the value of `label`. */
export function metricByLabel(
  samples: readonly PrometheusSample[],
  name: string,
  label: string,
): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name !== name) continue;
    const key = sample.labels[label] ?? '';
    sums[key] = (sums[key] ?? 0) + sample.value;
  }
  return sums;
}

/** `after − before` for every key of either (missing keys count as 0). */
export function countDifference(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const difference: Record<string, number> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const value = (after[key] ?? 0) - (before[key] ?? 0);
    if (value !== 0) difference[key] = value;
  }
  return difference;
}
