import { TelephonyToneDetector } from './telephony-tone-detector.js';

/** Window the keys are decoded over, in milliseconds. */
const DTMF_WINDOW_MS = 20;
/** Windows in a row a key must fill to count (a 100 ms key fills four). */
const MIN_KEY_WINDOWS = 2;

/**
 * The DTMF keys in `audio` (PCM16 mono, e.g. what a simulated caller heard), in order: the
 * Goertzel filters of a `TelephonyToneDetector` over 20 ms windows; a key counts once for each run
 * of at least two windows it fills, so a key pressed twice with a pause between counts twice.
 */
export function decodeDtmfKeys(audio: Int16Array, sampleRate: number): string {
  const windowSamples = Math.round((sampleRate * DTMF_WINDOW_MS) / 1000);
  const detector = new TelephonyToneDetector(sampleRate, windowSamples);
  let keys = '';
  let current: string | undefined;
  let run = 0;
  for (let start = 0; start + windowSamples <= audio.length; start += windowSamples) {
    const tone = detector.detect(audio.subarray(start, start + windowSamples));
    const digit = tone?.kind === 'dtmf' ? tone.digit : undefined;
    run = digit === current ? run + 1 : 1;
    current = digit;
    if (current !== undefined && run === MIN_KEY_WINDOWS) keys += current;
  }
  return keys;
}
