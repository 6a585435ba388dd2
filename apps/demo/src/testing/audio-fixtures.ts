import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWav } from '@x/transport-core';

/** The speech fixture ("testing one two three", 8 kHz mono), as a file path. */
export const SPEECH_FIXTURE_PATH = fileURLToPath(
  new URL('../__fixtures__/testing-one-two-three.wav', import.meta.url),
);
/** The committed greeting prompt, as a file path. */
export const GREETING_PATH = fileURLToPath(new URL('../../assets/greeting.wav', import.meta.url));

/** Reads a mono PCM16 WAV file. */
export function readMonoWav(path: string): { audio: Int16Array; sampleRate: number } {
  const wav = parseWav(readFileSync(path));
  if (wav.numChannels !== 1) throw new Error(`${path} is not mono`);
  return { audio: wav.audio.slice(), sampleRate: wav.sampleRate };
}
/** The committed goodbye prompt, as a file path. */
export const GOODBYE_PATH = fileURLToPath(new URL('../../assets/goodbye.wav', import.meta.url));
