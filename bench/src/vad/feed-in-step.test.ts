import { describe, expect, it } from 'vitest';
import type { AnalyzerUnderTest } from './engine-under-test.js';
import { feedInStep } from './feed-in-step.js';

/** Starts when a chunk's first sample is 1 and stops when it is 2; records chunk sizes and order. */
class ScriptedAnalyzer implements AnalyzerUnderTest {
  readonly chunks: number[] = [];
  constructor(
    private readonly name: string,
    private readonly log: string[],
  ) {}
  setSampleRate(): void {}
  async analyzeAudio(audio: Int16Array) {
    this.chunks.push(audio.length);
    this.log.push(this.name);
    await Promise.resolve();
    const transitions = audio[0] === 1 ? ['started'] : audio[0] === 2 ? ['stopped'] : [];
    return { transitions };
  }
}

describe('feedInStep', () => {
  it('feeds 20 ms chunks, the last one shorter, and times transitions at the end of their chunk', async () => {
    const log: string[] = [];
    const analyzer = new ScriptedAnalyzer('a', log);
    const audio = new Int16Array(8000 * 0.05);
    audio[160] = 1;
    audio[320] = 2;
    const result = await feedInStep([analyzer], [audio], 8000);
    expect(analyzer.chunks).toEqual([160, 160, 80]);
    expect(result.transitions[0]).toEqual([
      { transition: 'started', atSecs: 0.04 },
      { transition: 'stopped', atSecs: 0.05 },
    ]);
    expect(result.callSecs).toBeCloseTo(0.05, 12);
  });

  it('hands every stream its chunk before waiting, and drops streams that have ended', async () => {
    const log: string[] = [];
    const long = new ScriptedAnalyzer('long', log);
    const short = new ScriptedAnalyzer('short', log);
    await feedInStep([long, short], [new Int16Array(480), new Int16Array(160)], 8000);
    expect(log).toEqual(['long', 'short', 'long', 'long']);
  });
});
