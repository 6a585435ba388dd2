import { readFileSync } from 'node:fs';
import { parseWav, resample } from '@x/transport-core';

/** A fixture under `src/__fixtures__/` (mono PCM16 WAV). */
export function fixture(name: string): { audio: Int16Array; sampleRate: number } {
  return parseWav(readFileSync(new URL(`../__fixtures__/${name}.wav`, import.meta.url)));
}

/** A fixture converted to `sampleRate` with core's resampler. */
export function fixtureAt(name: string, sampleRate: number): Int16Array {
  const { audio, sampleRate: fileRate } = fixture(name);
  return fileRate === sampleRate ? audio : resample(audio, fileRate, sampleRate);
}

/** Speech segments of a fixture, `[start, end]` in seconds (from `labels.json`). */
export function speechSegments(name: string): [number, number][] {
  const labels = JSON.parse(
    readFileSync(new URL('../__fixtures__/labels.json', import.meta.url), 'utf8'),
  ) as Record<string, [number, number][]>;
  const segments = labels[name];
  if (!segments) throw new Error(`no labels for fixture ${name}`);
  return segments;
}
