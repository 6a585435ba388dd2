import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWav } from '../audio/index.js';
import { EnergyVADAnalyzer } from './energy-vad-analyzer.js';
import type { VADTransition } from './vad-analyzer.js';
import { DEFAULT_VAD_PARAMS } from './vad-params.js';

interface TimedTransition {
  transition: VADTransition;
  atSecs: number;
}

function fixture(name: string): { audio: Int16Array; sampleRate: number } {
  return parseWav(readFileSync(new URL(`./__fixtures__/${name}.wav`, import.meta.url)));
}

function speechSegments(name: string): [number, number][] {
  const json = readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8');
  return (JSON.parse(json) as { segments: [number, number][] }).segments;
}

/** Feeds the file in 20 ms frames, as telephony delivers it; times are frame ends. */
async function transitionsOf(name: string, frameMs = 20): Promise<TimedTransition[]> {
  const { audio, sampleRate } = fixture(name);
  const vad = new EnergyVADAnalyzer();
  vad.setSampleRate(sampleRate);
  const frameSamples = (sampleRate * frameMs) / 1000;
  const result: TimedTransition[] = [];
  for (let offset = 0; offset < audio.length; offset += frameSamples) {
    const frame = audio.subarray(offset, offset + frameSamples);
    const analysis = await vad.analyzeAudio(frame);
    for (const transition of analysis.transitions) {
      result.push({ transition, atSecs: (offset + frame.length) / sampleRate });
    }
  }
  return result;
}

/** Start confirmed no earlier than 0.1 s into speech, no later than `startSecs` + 0.12 s. */
const START_EARLIEST_SECS = 0.1;
const START_LATEST_SECS = DEFAULT_VAD_PARAMS.startSecs + 0.12;
/** Stop confirmed no earlier than 0.15 s after speech, no later than `stopSecs` + 0.15 s. */
const STOP_EARLIEST_SECS = 0.15;
const STOP_LATEST_SECS = DEFAULT_VAD_PARAMS.stopSecs + 0.15;

describe('EnergyVADAnalyzer on recorded speech and noise', () => {
  for (const [name, truth] of [
    ['speech-8k', 'speech-8k'],
    ['speech-16k', 'speech-16k'],
    ['speech-in-noise-8k', 'speech-8k'],
  ] as const) {
    it(`starts and stops with each phrase of ${name} within tolerance`, async () => {
      const transitions = await transitionsOf(name);
      const segments = speechSegments(truth);
      expect(transitions.map((entry) => entry.transition)).toEqual([
        'started',
        'stopped',
        'started',
        'stopped',
      ]);
      segments.forEach(([onset, offset], index) => {
        const started = transitions[index * 2]!.atSecs;
        const stopped = transitions[index * 2 + 1]!.atSecs;
        expect(started - onset).toBeGreaterThanOrEqual(START_EARLIEST_SECS);
        expect(started - onset).toBeLessThanOrEqual(START_LATEST_SECS);
        expect(stopped - offset).toBeGreaterThanOrEqual(STOP_EARLIEST_SECS);
        expect(stopped - offset).toBeLessThanOrEqual(STOP_LATEST_SECS);
      });
    });
  }

  for (const name of ['silence-8k', 'silence-16k', 'noise-8k', 'noise-16k']) {
    it(`never reports speech in ${name}`, async () => {
      expect(await transitionsOf(name)).toEqual([]);
    });
  }

  it('finds the same transitions whether audio comes in 20 ms frames or 100 ms batches', async () => {
    const inFrames = await transitionsOf('speech-8k', 20);
    const inBatches = await transitionsOf('speech-8k', 100);
    expect(inBatches.map((entry) => entry.transition)).toEqual(
      inFrames.map((entry) => entry.transition),
    );
    inBatches.forEach((entry, index) => {
      expect(Math.abs(entry.atSecs - inFrames[index]!.atSecs)).toBeLessThan(0.1);
    });
  });

  it('accepts every multiple of 4 kHz and refuses other rates by name', () => {
    const vad = new EnergyVADAnalyzer();
    for (const rate of [8000, 16_000, 24_000, 48_000]) {
      vad.setSampleRate(rate);
      expect(vad.windowSamples).toBe((rate * 32) / 1000);
    }
    expect(() => vad.setSampleRate(44_100)).toThrow(/44100 Hz/);
  });
});
