import { readFileSync } from 'node:fs';
import { parseWav } from '@x/transport-core';

/** A fixture under `src/__fixtures__/` (mono PCM16 WAV, copied from core's VAD fixtures). */
export function fixture(name: string): { audio: Int16Array; sampleRate: number } {
  return parseWav(readFileSync(new URL(`../__fixtures__/${name}.wav`, import.meta.url)));
}

/** Speech segments of `speech-8k` / `speech-16k`, `[start, end]` in seconds. */
export function speechSegments(name: 'speech-8k' | 'speech-16k'): [number, number][] {
  const labels = JSON.parse(
    readFileSync(new URL(`../__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as { segments: [number, number][] };
  return labels.segments;
}
