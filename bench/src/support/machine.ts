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
  /** The sources this result depends on (paths from the repository root). */
  sources: string[];
  /** True when those sources had uncommitted changes. */
  dirty: boolean;
  /** When the run started (ISO 8601). */
  date: string;
}

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

/** Machine and commit; `sources` are the paths whose uncommitted changes make `dirty` true. */
export function machineInfo(sources: string[]): MachineInfo {
  const cpus = os.cpus();
  const topLevel = git(['rev-parse', '--show-toplevel']);
  const status = topLevel ? git(['-C', topLevel, 'status', '--porcelain', '--', ...sources]) : '';
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    sources,
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
    `| commit | \`${machine.commit}\`${machine.dirty ? ` (with uncommitted changes in ${machine.sources.join(', ')})` : ''} |`,
    `| date | ${machine.date} |`,
  ].join('\n');
}
