import type { AnalyzerUnderTest } from './engine-under-test.js';
import { CHUNK_MS } from './feed-in-step.js';

/** Seconds of audio each call gets before a CPU measurement, unmeasured (model load, JIT). */
export const CPU_WARMUP_SECS = 2;

/** How one CPU measurement runs. */
export interface CpuRunOptions {
  /** Concurrent calls (analyzers in this process, fed in step). */
  calls: number;
  /** Seconds of audio each call gets in the measured part. */
  secsPerCall: number;
  /** Seconds of audio each call gets first, unmeasured (model loading, JIT). */
  warmupSecs: number;
  sampleRate: number;
  /** Stop measuring after this much wall time, in milliseconds, and count what was fed. */
  wallBudgetMs: number;
}

/** One CPU measurement. */
export interface CpuRun {
  calls: number;
  /** Call-seconds measured (calls × seconds of audio each). */
  callSecs: number;
  /** Process CPU, user + system, all threads, in milliseconds. */
  cpuMs: number;
  wallMs: number;
  /** Milliseconds of CPU per second of one call. */
  cpuMsPerCallSecond: number;
}

/** Chunk `index` of a source that is read as a ring of whole chunks. */
function ringChunk(source: Int16Array, chunk: number, index: number): Int16Array {
  const chunks = Math.floor(source.length / chunk);
  const at = (index % chunks) * chunk;
  return source.subarray(at, at + chunk);
}

/**
 * CPU per call-second of `calls` analyzers made by `create`, fed in step in 20 ms chunks as real
 * time would but as fast as possible. Call `i` plays source `i mod sources.length` from its own
 * offset, round and round. Process CPU is read with `process.cpuUsage()` around the measured part.
 */
export async function measureCpuPerCallSecond(
  create: () => AnalyzerUnderTest,
  sources: readonly Int16Array[],
  options: CpuRunOptions,
): Promise<CpuRun> {
  const chunk = Math.round((options.sampleRate * CHUNK_MS) / 1000);
  const analyzers = Array.from({ length: options.calls }, () => {
    const analyzer = create();
    analyzer.setSampleRate(options.sampleRate);
    return analyzer;
  });
  const starts = analyzers.map((_, call) => call * 97);
  const round = async (tick: number) => {
    await Promise.all(
      analyzers.map((analyzer, call) =>
        analyzer.analyzeAudio(
          ringChunk(sources[call % sources.length]!, chunk, starts[call]! + tick),
        ),
      ),
    );
  };
  const warmupTicks = Math.round((options.warmupSecs * 1000) / CHUNK_MS);
  for (let tick = 0; tick < warmupTicks; tick++) await round(tick);
  const measuredTicks = Math.round((options.secsPerCall * 1000) / CHUNK_MS);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  let ticks = 0;
  while (ticks < measuredTicks && performance.now() - wallStart < options.wallBudgetMs) {
    await round(warmupTicks + ticks);
    ticks++;
  }
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const callSecs = (options.calls * ticks * CHUNK_MS) / 1000;
  return { calls: options.calls, callSecs, cpuMs, wallMs, cpuMsPerCallSecond: cpuMs / callSecs };
}
