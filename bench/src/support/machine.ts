import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** Where and on what code a benchmark ran. */
export interface MachineInfo {
  /** CPU model as the OS reports it. */
  cpuModel: string;
  /** Logical cores available to this process. */
  cores: number;
  /** Total memory in GiB. */
  memoryGiB: number;
  /** Node.js version. */
  node: string;
  /** V8 version. */
  v8: string;
  /** OS name, release and architecture. */
  os: string;
  /** Git commit the benchmark ran on. */
  commit: string;
  /** True when the benchmarked sources had uncommitted changes. */
  dirty: boolean;
  /** When the run started (ISO 8601). */
  date: string;
}

/** Paths whose uncommitted changes make a result not reproducible from its commit. */
const BENCHMARKED_PATHS = ['packages/transport-core/src', 'bench/src'];

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const topLevel = git(['rev-parse', '--show-toplevel']);
  const status = topLevel
    ? git(['-C', topLevel, 'status', '--porcelain', '--', ...BENCHMARKED_PATHS])
    : '';
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    dirty: status.length > 0,
    date: new Date().toISOString(),
  };
}

export function machineMarkdown(machine: MachineInfo): string {
  return [
    '| machine | |',
    '|---|---|',
    `| CPU | ${machine.cpuModel} |`,
    `| cores | ${machine.cores} |`,
    `| memory | ${machine.memoryGiB} GiB |`,
    `| Node.js | ${machine.node} (V8 ${machine.v8}) |`,
    `| OS | ${machine.os} |`,
    `| commit | \`${machine.commit}\`${machine.dirty ? ' (with uncommitted changes)' : ''} |`,
    `| date | ${machine.date} |`,
  ].join('\n');
}
