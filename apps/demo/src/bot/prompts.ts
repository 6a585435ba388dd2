import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseWav } from '@x/transport-core';

/** A recorded prompt: mono PCM16 and its rate. */
export interface Prompt {
  /** Mono PCM16 samples. */
  readonly audio: Int16Array;
  /** Samples per second, in Hz. */
  readonly sampleRate: number;
}

/** The echo bot's recorded prompts. */
export interface EchoBotPrompts {
  /** Played when a call starts. */
  readonly greeting: Prompt;
  /** Played after `#` or at the session timeout, before the call ends. */
  readonly goodbye: Prompt;
}

/** Folder of the committed prompts (`apps/demo/assets`), from `src/bot` and `dist/bot` alike. */
export const ASSETS_DIRECTORY = fileURLToPath(new URL('../../assets/', import.meta.url));

/**
 * Reads a mono PCM16 WAV file as a prompt.
 * @throws Error naming the file when it is not a mono PCM16 WAV.
 */
export async function loadPrompt(path: string): Promise<Prompt> {
  const bytes = await readFile(path);
  let wav: ReturnType<typeof parseWav>;
  try {
    wav = parseWav(bytes);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  if (wav.numChannels !== 1) {
    throw new Error(`${path}: prompts must be mono, this file has ${wav.numChannels} channels`);
  }
  // Copy so the prompt owns aligned memory and not a view into the file buffer.
  return { audio: wav.audio.slice(), sampleRate: wav.sampleRate };
}

/** Loads `greeting.wav` and `goodbye.wav` from `directory` (default: the committed assets). */
export async function loadEchoBotPrompts(directory = ASSETS_DIRECTORY): Promise<EchoBotPrompts> {
  const [greeting, goodbye] = await Promise.all([
    loadPrompt(`${directory}/greeting.wav`),
    loadPrompt(`${directory}/goodbye.wav`),
  ]);
  return { greeting, goodbye };
}
