import { speechLike } from '../support/signals.js';

/** Telephony rate of the caller audio. */
export const CALLER_SAMPLE_RATE = 8000;
/** The caller talks this long, then pauses (so a VAD sees speech start and stop). */
const TALK_MS = 3000;
const PAUSE_MS = 1000;

/** What every simulated caller says: speech-like sound in 3 s turns with 1 s pauses, `durationMs` long. */
export function callerSpeech(durationMs: number): Int16Array {
  const talk = speechLike(CALLER_SAMPLE_RATE, TALK_MS / 1000);
  const turnSamples = ((TALK_MS + PAUSE_MS) * CALLER_SAMPLE_RATE) / 1000;
  const total = Math.ceil((durationMs * CALLER_SAMPLE_RATE) / 1000);
  const pcm = new Int16Array(total);
  for (let offset = 0; offset < total; offset += turnSamples) {
    pcm.set(talk.subarray(0, Math.min(talk.length, total - offset)), offset);
  }
  return pcm;
}
