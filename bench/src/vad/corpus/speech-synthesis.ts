import { REPEATABLE_SOX, rawPcmFormat, runTool, samplesFromRawPcm } from './external-tools.js';

/** An espeak-ng voice with its speaking rate and pitch. */
export interface Voice {
  /** espeak-ng voice and variant, e.g. `en-us` or `en+f3`. */
  espeakVoice: string;
  /** Speaking rate in words per minute (espeak-ng `-s`). */
  wordsPerMinute: number;
  /** Pitch, 0–99 (espeak-ng `-p`). */
  pitch: number;
}

/** `text` spoken by `voice` with espeak-ng, resampled by sox to `sampleRate`, in sample units. */
export function synthesizeSpeech(text: string, voice: Voice, sampleRate: number): Float64Array {
  const wav = runTool('espeak-ng', [
    '-v',
    voice.espeakVoice,
    '-s',
    String(voice.wordsPerMinute),
    '-p',
    String(voice.pitch),
    '--stdout',
    text,
  ]);
  const raw = runTool(
    'sox',
    [...REPEATABLE_SOX, '-t', 'wav', '-', ...rawPcmFormat(sampleRate), '-'],
    wav,
  );
  return samplesFromRawPcm(raw);
}
