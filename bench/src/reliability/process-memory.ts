import { readFileSync } from 'node:fs';

/** Bytes in a kibibyte, as `/proc/<pid>/status` counts. */
const BYTES_PER_KIB = 1024;

/** The resident set size in a `/proc/<pid>/status` text, in bytes; undefined when absent. */
export function residentBytesOf(statusText: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(statusText);
  return match ? Number(match[1]) * BYTES_PER_KIB : undefined;
}

/** Resident set size of process `pid` in bytes, from `/proc`; undefined where it cannot be read. */
export function residentBytes(pid: number): number | undefined {
  try {
    return residentBytesOf(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}
