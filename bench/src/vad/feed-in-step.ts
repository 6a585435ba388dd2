import type { AnalyzerUnderTest } from './engine-under-test.js';
import type { TimedTransition } from './label-matching.js';

/** Audio reaches the VAD in chunks of this many milliseconds, as telephony delivers it. */
export const CHUNK_MS = 20;

/** What feeding a set of streams found and cost. */
export interface FeedResult {
  /** Each stream's transitions, timed at the end of the chunk that reported them. */
  transitions: TimedTransition[][];
  /** Process CPU (user + system, all threads) while feeding, in milliseconds. */
  cpuMs: number;
  wallMs: number;
  /** Seconds of audio fed, summed over the streams (call-seconds). */
  callSecs: number;
}

/**
 * Feeds `audios[i]` to `analyzers[i]` (rate already set) in `chunkMs` chunks, all streams in step
 * as live calls would be, but as fast as possible: each round hands every stream its next chunk at
 * once and waits for all of them, so an engine can batch across streams. Streams that end drop out.
 */
export async function feedInStep(
  analyzers: readonly AnalyzerUnderTest[],
  audios: readonly Int16Array[],
  sampleRate: number,
  chunkMs: number = CHUNK_MS,
): Promise<FeedResult> {
  const chunk = Math.round((sampleRate * chunkMs) / 1000);
  const transitions: TimedTransition[][] = audios.map(() => []);
  const longest = Math.max(0, ...audios.map((audio) => audio.length));
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let offset = 0; offset < longest; offset += chunk) {
    const pending: Array<Promise<void>> = [];
    audios.forEach((audio, stream) => {
      if (offset >= audio.length) return;
      const end = Math.min(audio.length, offset + chunk);
      pending.push(
        analyzers[stream]!.analyzeAudio(audio.subarray(offset, end)).then((analysis) => {
          for (const transition of analysis.transitions) {
            if (transition === 'started' || transition === 'stopped') {
              transitions[stream]!.push({ transition, atSecs: end / sampleRate });
            }
          }
        }),
      );
    });
    await Promise.all(pending);
  }
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const samples = audios.reduce((sum, audio) => sum + audio.length, 0);
  return {
    transitions,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
    callSecs: samples / sampleRate,
  };
}
