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

/**
 * Telephony distractors made by `scripts/generate-vad-fixtures.sh` for core's VAD tests (8 kHz,
 * through μ-law): read from there rather than copied, so there is one set.
 */
const VAD_FIXTURES = new URL(
  '../../../../packages/transport-core/src/vad/__fixtures__/',
  import.meta.url,
);
/** Keypad tones ("1#5*"), as a caller's handset plays them into the call. */
export const DTMF_TONES_PATH = fileURLToPath(new URL('dtmf-8k.wav', VAD_FIXTURES));
/** US ringback (440 + 480 Hz), as heard when a caller's line rings another party. */
export const RINGBACK_PATH = fileURLToPath(new URL('ringback-8k.wav', VAD_FIXTURES));
/** Synthesized music, as hold music or a radio behind the caller. */
export const MUSIC_PATH = fileURLToPath(new URL('music-8k.wav', VAD_FIXTURES));
