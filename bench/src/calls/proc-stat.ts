import { readFileSync } from 'node:fs';

/** Cumulative time of one CPU, in clock ticks, from `/proc/stat`. */
export interface CpuTicks {
  /** Not idle (user, nice, system, irq, softirq, steal). */
  busy: number;
  /** Taken by the hypervisor for other guests. */
  steal: number;
  /** Everything. */
  total: number;
}

/** One reading of every CPU's ticks. */
export interface CpuTicksSample {
  /** When it was read (epoch ms). */
  atMs: number;
  /** Ticks by CPU number. */
  cpus: Record<number, CpuTicks>;
}

/** Every CPU's cumulative ticks now; undefined where `/proc/stat` cannot be read. */
export function readCpuTicks(): CpuTicksSample | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const cpus: Record<number, CpuTicks> = {};
  for (const line of text.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      match[2]!.trim().split(/\s+/).map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    cpus[Number(match[1])] = { busy, steal, total: busy + idle + iowait };
  }
  return { atMs: performance.timeOrigin + performance.now(), cpus };
}

/** Busy and steal fractions of `cpu` between two readings; undefined without data. */
export function cpuBusyBetween(
  from: CpuTicksSample | undefined,
  to: CpuTicksSample | undefined,
  cpu: number | undefined,
): { busy: number; steal: number } | undefined {
  if (!from || !to || cpu === undefined) return undefined;
  const start = from.cpus[cpu];
  const end = to.cpus[cpu];
  if (!start || !end || end.total <= start.total) return undefined;
  const total = end.total - start.total;
  return { busy: (end.busy - start.busy) / total, steal: (end.steal - start.steal) / total };
}

/** The reading closest in time to `atMs`. */
export function closestSample(
  samples: readonly CpuTicksSample[],
  atMs: number,
): CpuTicksSample | undefined {
  let best: CpuTicksSample | undefined;
  for (const sample of samples) {
    if (!best || Math.abs(sample.atMs - atMs) < Math.abs(best.atMs - atMs)) best = sample;
  }
  return best;
}
