import { pcmToUlaw, ulawToPcm } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { createVADAnalyzer } from '../calls/echo-call.js';
import { readMonoWav, SPEECH_FIXTURE_PATH } from '../testing/audio-fixtures.js';
import { trimSilence } from '../testing/audio-similarity.js';
import { UtteranceRecorder } from './utterance-recorder.js';

/** Samples in one 20 ms media frame at 8 kHz. */
const FRAME_SAMPLES = 160;
/**
 * Frame phases against Silero's 32 ms windows at 8 kHz: 8 frames (1280 samples) are 5 windows,
 * so 0–7 frames of silence before the words cover every phase a call can have.
 */
const FRAME_PHASES = 8;

/** Where `needle` starts inside `haystack`, sample for sample, or −1. */
function indexOfSamples(haystack: Int16Array, needle: Int16Array): number {
  search: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let index = 0; index < needle.length; index++) {
      if (haystack[start + index] !== needle[index]) continue search;
    }
    return start;
  }
  return -1;
}

/**
 * Feeds `audio` to the demo's VAD (Silero, the echo bot's thresholds) and a recorder with the
 * default pre-roll, 20 ms at a time, as the transport and the echo bot do; returns the utterance.
 */
async function recordUtterance(audio: Int16Array): Promise<Int16Array | undefined> {
  const vad = createVADAnalyzer({ engine: 'silero', params: {} });
  vad.setSampleRate(8000);
  const recorder = new UtteranceRecorder({ sampleRate: 8000 });
  for (let start = 0; start + FRAME_SAMPLES <= audio.length; start += FRAME_SAMPLES) {
    const frame = audio.subarray(start, start + FRAME_SAMPLES);
    recorder.write(frame);
    const { transitions } = await vad.analyzeAudio(frame);
    for (const transition of transitions) {
      if (transition === 'started') recorder.start();
      else return recorder.finish();
    }
  }
  return undefined;
}

describe('the default pre-roll with the demo VAD', () => {
  // The words as the caller's line delivers them (μ-law), and a second of quiet after them for
  // the VAD's stop time.
  const speech = readMonoWav(SPEECH_FIXTURE_PATH);
  const delivered = ulawToPcm(pcmToUlaw(speech.audio));
  const words = trimSilence(delivered, speech.sampleRate);

  it.each(Array.from({ length: FRAME_PHASES }, (_, frames) => frames))(
    'keeps the first word whole with %i frames of silence before it',
    async (leadFrames) => {
      const lead = leadFrames * FRAME_SAMPLES;
      const call = new Int16Array(lead + delivered.length + speech.sampleRate);
      call.set(delivered, lead);
      const utterance = await recordUtterance(call);
      expect(utterance).toBeDefined();
      // The VAD confirms the start late, at some phases after a false start: the pre-roll must
      // still reach back past the first word.
      expect(indexOfSamples(utterance!, words)).toBeGreaterThanOrEqual(0);
    },
  );
});
