import { describe, expect, it } from 'vitest';
import { residentBytes, residentBytesOf } from './process-memory.js';

describe('residentBytesOf', () => {
  it('reads VmRSS in kB from a /proc status text as bytes', () => {
    const status = 'Name:\tnode\nVmPeak:\t  900000 kB\nVmRSS:\t   51234 kB\nThreads:\t11\n';
    expect(residentBytesOf(status)).toBe(51_234 * 1024);
  });

  it('gives undefined when the text has no VmRSS (a zombie process)', () => {
    expect(residentBytesOf('Name:\tnode\nState:\tZ (zombie)\n')).toBeUndefined();
  });
});

describe('residentBytes', () => {
  it.runIf(process.platform === 'linux')('reads this process’s own resident size', () => {
    const bytes = residentBytes(process.pid);
    expect(bytes).toBeGreaterThan(1024 * 1024);
  });

  it('gives undefined for a process that does not exist', () => {
    expect(residentBytes(2 ** 30)).toBeUndefined();
  });
});
