import { spawnSync } from 'node:child_process';

/** Whether server and load run on separate cores, and which. */
export interface CpuPinning {
  /** True when `taskset` pins the server and the load to `serverCpu` and `loadCpu`. */
  pinned: boolean;
  /** CPU the server process runs on, when pinned. */
  serverCpu: number | undefined;
  /** CPU the load process runs on, when pinned. */
  loadCpu: number | undefined;
  /** Why pinning is or is not used. */
  reason: string;
}

/** The CPUs in a `taskset -p` affinity mask (hexadecimal, possibly with commas). */
export function cpusInMask(maskHex: string): number[] {
  const mask = BigInt(`0x${maskHex.replaceAll(',', '')}`);
  const cpus: number[] = [];
  for (let cpu = 0; mask >> BigInt(cpu) > 0n; cpu++) {
    if ((mask >> BigInt(cpu)) & 1n) cpus.push(cpu);
  }
  return cpus;
}

/**
 * Pins the server to the last CPU this process may use and the load to the first, with `taskset`,
 * when it exists, works, and at least two CPUs are allowed; otherwise nothing is pinned.
 */
export function detectCpuPinning(): CpuPinning {
  const unpinned = (reason: string): CpuPinning => ({
    pinned: false,
    serverCpu: undefined,
    loadCpu: undefined,
    reason,
  });
  if (process.platform !== 'linux') return unpinned(`taskset needs Linux (${process.platform})`);
  const query = spawnSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' });
  if (query.error || query.status !== 0) return unpinned('taskset is not available');
  const match = /affinity mask:\s*([0-9a-f,]+)/i.exec(query.stdout);
  if (!match) return unpinned(`unexpected taskset output: ${query.stdout.trim()}`);
  const cpus = cpusInMask(match[1]!);
  if (cpus.length < 2) return unpinned(`only ${cpus.length} CPU allowed to this process`);
  const loadCpu = cpus[0]!;
  const serverCpu = cpus[cpus.length - 1]!;
  const probe = spawnSync('taskset', ['-c', String(serverCpu), 'true']);
  if (probe.error || probe.status !== 0) return unpinned('taskset cannot set the affinity here');
  return {
    pinned: true,
    serverCpu,
    loadCpu,
    reason: `taskset: server on CPU ${serverCpu}, load on CPU ${loadCpu}`,
  };
}
