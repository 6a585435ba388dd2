import type { WorkerMetricsReport } from './cluster-messages.js';

/** Name of the gauge that says which workers answered a scrape. */
export const WORKER_UP_METRIC = 'telephony_worker_up';

/** The label that tells workers apart. */
export const WORKER_LABEL = 'worker';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const HELP_OR_TYPE = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s|$)/;

/** One metric family of the merged text: its `# HELP` and `# TYPE` lines once, every series. */
interface Family {
  help: string | undefined;
  type: string | undefined;
  samples: string[];
}

/**
 * Merges the `/metrics` text of several workers into one scrape: each family's `# HELP` and
 * `# TYPE` once (the first worker's), then every worker's series, each labelled
 * `worker="<id>"`. Ends with `telephony_worker_up`, 1 per worker that answered and 0 per worker
 * that did not (whose series are missing), and a comment naming the missing ones.
 */
export function mergeWorkerMetrics(reports: readonly WorkerMetricsReport[]): string {
  const families = new Map<string, Family>();
  const familyOf = (name: string): Family => {
    let family = families.get(name);
    if (family === undefined) {
      family = { help: undefined, type: undefined, samples: [] };
      families.set(name, family);
    }
    return family;
  };
  for (const { worker, text } of reports) {
    if (text === undefined) continue;
    let current: string | undefined;
    for (const line of text.split('\n')) {
      const header = HELP_OR_TYPE.exec(line);
      if (header) {
        const [, kind, name] = header as unknown as [string, 'HELP' | 'TYPE', string];
        const family = familyOf(name);
        if (kind === 'HELP') family.help ??= line;
        else family.type ??= line;
        current = name;
        continue;
      }
      if (line.trim() === '' || line.startsWith('#')) continue;
      const name = METRIC_NAME.exec(line)?.[0];
      if (name === undefined) continue;
      // Series of a family follow its header (histograms add suffixes such as `_bucket`).
      const familyName = current !== undefined && name.startsWith(current) ? current : name;
      familyOf(familyName).samples.push(withWorkerLabel(line, name, worker));
    }
  }
  const lines: string[] = [];
  for (const family of families.values()) {
    if (family.help !== undefined) lines.push(family.help);
    if (family.type !== undefined) lines.push(family.type);
    lines.push(...family.samples);
  }
  lines.push(
    `# HELP ${WORKER_UP_METRIC} 1 when the worker's metrics are in this scrape, 0 when it did not answer in time.`,
    `# TYPE ${WORKER_UP_METRIC} gauge`,
  );
  for (const { worker, text } of reports) {
    lines.push(
      `${WORKER_UP_METRIC}{${WORKER_LABEL}="${escapeLabelValue(worker)}"} ${text === undefined ? 0 : 1}`,
    );
  }
  const missing = reports.filter((report) => report.text === undefined);
  if (missing.length > 0) {
    lines.push(
      `# Workers that did not answer in time (their series are missing): ${missing.map((report) => report.worker).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `line` (a series of `name`) with `worker="<worker>"` added as its last label. */
function withWorkerLabel(line: string, name: string, worker: string): string {
  const label = `${WORKER_LABEL}="${escapeLabelValue(worker)}"`;
  const rest = line.slice(name.length);
  if (!rest.startsWith('{')) return `${name}{${label}}${rest}`;
  const close = closingBraceIndex(rest);
  if (close === -1) return line;
  const labels = rest.slice(1, close).trim().replace(/,$/, '');
  return `${name}{${labels === '' ? label : `${labels},${label}`}}${rest.slice(close + 1)}`;
}

/** Index of the `}` closing the label set `text` starts with, skipping quoted values. */
function closingBraceIndex(text: string): number {
  let quoted = false;
  for (let index = 1; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '\\') index++;
      else if (character === '"') quoted = false;
    } else if (character === '"') {
      quoted = true;
    } else if (character === '}') {
      return index;
    }
  }
  return -1;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
