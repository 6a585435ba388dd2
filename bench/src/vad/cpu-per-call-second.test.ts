import { describe, expect, it } from 'vitest';
import { measureCpuPerCallSecond } from './cpu-per-call-second.js';

describe('measureCpuPerCallSecond', () => {
  it('feeds every call the same number of 20 ms chunks and counts call-seconds from them', async () => {
    const seen: number[][] = [];
    const create = () => {
      const chunks: number[] = [];
      seen.push(chunks);
      return {
        setSampleRate() {},
        async analyzeAudio(audio: Int16Array) {
          chunks.push(audio.length);
          return { transitions: [] };
        },
      };
    };
    const run = await measureCpuPerCallSecond(create, [new Int16Array(8000)], {
      calls: 3,
      secsPerCall: 1,
      warmupSecs: 0.2,
      sampleRate: 8000,
      wallBudgetMs: 60_000,
    });
    expect(run.calls).toBe(3);
    expect(run.callSecs).toBeCloseTo(3, 9);
    expect(seen).toHaveLength(3);
    for (const chunks of seen) {
      expect(chunks).toHaveLength(60);
      expect(chunks.every((length) => length === 160)).toBe(true);
    }
    expect(run.cpuMsPerCallSecond).toBeCloseTo(run.cpuMs / 3, 9);
  });
});
