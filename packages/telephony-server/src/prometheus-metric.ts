/** Content type of the Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label name → value of one series. */
export type MetricLabels = Readonly<Record<string, string>>;

/** A counter or gauge family: one value per label set, rendered in the text format. */
export class PrometheusMetric {
  readonly #values = new Map<string, { labels: MetricLabels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge',
  ) {}

  /** Adds `amount` to the series of `labels`. */
  add(labels: MetricLabels, amount: number): void {
    const key = labelKey(labels);
    const entry = this.#values.get(key);
    if (entry) entry.value += amount;
    else this.#values.set(key, { labels, value: amount });
  }

  /** Sets the series of `labels` (gauges). */
  set(labels: MetricLabels, value: number): void {
    this.add(labels, value - this.value(labels));
  }

  /** The value of the series of `labels` (0 when it has none). */
  value(labels: MetricLabels = {}): number {
    return this.#values.get(labelKey(labels))?.value ?? 0;
  }

  /** The family in the text format: `# HELP`, `# TYPE`, then one line per series. */
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    if (this.#values.size === 0 && this.type === 'gauge') lines.push(`${this.name} 0`);
    for (const { labels, value } of this.#values.values()) {
      lines.push(`${this.name}${renderLabels(labels)} ${value}`);
    }
    return lines.join('\n');
  }
}

function labelKey(labels: MetricLabels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}=${labels[name]}`)
    .join(',');
}

function renderLabels(labels: MetricLabels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return '';
  const pairs = names.map((name) => `${name}="${escapeLabelValue(labels[name] ?? '')}"`);
  return `{${pairs.join(',')}}`;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
