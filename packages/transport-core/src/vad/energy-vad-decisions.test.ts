import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWav } from '../audio/wav.js';
import { EnergyVADAnalyzer } from './energy-vad-analyzer.js';
import type { VADAnalysis } from './vad-analyzer.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
/**
 * What the energy VAD decided on each fixture before it was made cheaper, recorded by
 * `__fixtures__/record-energy-vad-decisions.mjs` from the build of commit 3f79dc3: for each WAV and
 * chunk length, the chunk index and kind of every start and stop.
 */
const recorded = JSON.parse(
  readFileSync(new URL('energy-vad-decisions.json', fixtures), 'utf8'),
) as Record<string, [number, string][]>;
const wavs = readdirSync(fixtures)
  .filter((file) => file.endsWith('.wav'))
  .sort();

describe('EnergyVADAnalyzer decisions', () => {
  it('cover every fixture WAV', () => {
    expect(Object.keys(recorded).length).toBe(wavs.length * 3);
  });

  it.each(Object.keys(recorded))('are the recorded ones on %s chunks', (run) => {
    const [name, chunkMs] = run.split(' ') as [string, string];
    const { audio, sampleRate } = parseWav(readFileSync(new URL(name, fixtures)));
    const vad = new EnergyVADAnalyzer();
    vad.setSampleRate(sampleRate);
    const chunk = (sampleRate * Number(chunkMs)) / 1000;
    const found: [number, string][] = [];
    for (let offset = 0, index = 0; offset < audio.length; offset += chunk, index++) {
      const analysis = vad.analyze(audio.subarray(offset, offset + chunk)) as VADAnalysis;
      for (const transition of analysis.transitions) found.push([index, transition]);
    }
    expect(found).toEqual(recorded[run]);
  });
});
