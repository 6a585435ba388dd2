import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWav } from '../audio/index.js';
import { EnergyVADAnalyzer } from './energy-vad-analyzer.js';
import type { VADTransition } from './vad-analyzer.js';
import { DEFAULT_VAD_PARAMS, type VADParams } from './vad-params.js';

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

/** Where the words are in the telephony fixtures, in seconds (`labels.json`). */
function wordsOf(name: string): [number, number][] {
  const json = readFileSync(new URL('./__fixtures__/labels.json', import.meta.url), 'utf8');
  return (JSON.parse(json) as Record<string, [number, number][]>)[name]!;
}

/** Feeds the file in 20 ms frames, as telephony delivers it; times are frame ends. */
async function transitionsOf(
  name: string,
  frameMs = 20,
  params: Partial<VADParams> = {},
): Promise<TimedTransition[]> {
  const { audio, sampleRate } = fixture(name);
  const vad = new EnergyVADAnalyzer(params);
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

  it('forgets the call so far on a sample rate change', async () => {
    const vad = new EnergyVADAnalyzer();
    vad.setSampleRate(8000);
    const speech8k = fixture('speech-8k').audio;
    await vad.analyzeAudio(speech8k.subarray(0, Math.round(1.4 * 8000)));
    expect(vad.state).toBe('speaking');
    vad.setSampleRate(16_000);
    expect(vad.state).toBe('quiet');
    expect(vad.volume).toBe(0);
    // from here on it behaves exactly as a new analyzer would on the same audio
    const speech16k = fixture('speech-16k').audio;
    const fresh = new EnergyVADAnalyzer();
    fresh.setSampleRate(16_000);
    for (let offset = 0; offset < speech16k.length; offset += 320) {
      const frame = speech16k.subarray(offset, offset + 320);
      expect(await vad.analyzeAudio(frame)).toEqual(await fresh.analyzeAudio(frame));
    }
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

describe('EnergyVADAnalyzer on telephone calls: voices, not tones or music', () => {
  for (const name of ['yes-8k', 'sentence-8k', 'yes-over-music-8k', 'yes-over-dtmf-8k']) {
    it(`starts once during the words of ${name} and stops after them`, async () => {
      const transitions = await transitionsOf(name);
      const [[onset, offset]] = wordsOf(name) as [[number, number]];
      expect(transitions.map((entry) => entry.transition)).toEqual(['started', 'stopped']);
      expect(transitions[0]!.atSecs).toBeGreaterThan(onset);
      expect(transitions[0]!.atSecs).toBeLessThan(offset + 0.1);
      expect(transitions[1]!.atSecs).toBeGreaterThan(offset);
    });
  }

  for (const name of [
    'dtmf-8k',
    'ringback-8k',
    'busy-8k',
    'sit-8k',
    'cng-8k',
    'ced-8k',
    'music-8k',
  ]) {
    it(`never reports speech in ${name}`, async () => {
      expect(await transitionsOf(name)).toEqual([]);
    });
  }

  it('reports the keypad bursts as speech once tone rejection is turned off', async () => {
    const transitions = await transitionsOf('dtmf-8k', 20, { rejectTelephonyTones: false });
    expect(transitions.map((entry) => entry.transition)).toContain('started');
  });
});
