import { pcmToUlaw, ulawToPcm } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { GREETING_PATH, readMonoWav, SPEECH_FIXTURE_PATH } from './audio-fixtures.js';
import { findInRecording, trimSilence } from './audio-similarity.js';

const speech = readMonoWav(SPEECH_FIXTURE_PATH);
const greeting = readMonoWav(GREETING_PATH);
const RATE = speech.sampleRate;

function recordingWith(parts: Int16Array[]): Int16Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const recording = new Int16Array(total);
  let offset = 0;
  for (const part of parts) {
    recording.set(part, offset);
    offset += part.length;
  }
  return recording;
}

describe('findInRecording', () => {
  it('finds speech that went through μ-law twice, at the right place, with high correlation', () => {
    const spoken = trimSilence(speech.audio, RATE);
    const heard = ulawToPcm(pcmToUlaw(ulawToPcm(pcmToUlaw(spoken))));
    const recording = recordingWith([
      greeting.audio.subarray(0, RATE),
      new Int16Array(RATE / 2),
      heard,
      new Int16Array(RATE),
    ]);
    const match = findInRecording(recording, spoken, RATE);
    expect(match.offsetMs).toBeCloseTo(1500, 0);
    expect(match.envelopeCorrelation).toBeGreaterThan(0.95);
    expect(match.waveformCorrelation).toBeGreaterThan(0.95);
  });

  it('does not find speech in a recording of other speech', () => {
    const spoken = trimSilence(speech.audio, RATE);
    const match = findInRecording(greeting.audio, spoken, RATE);
    expect(match.envelopeCorrelation).toBeLessThan(0.7);
    expect(match.waveformCorrelation).toBeLessThan(0.6);
  });

  it('reports nothing when the recording is shorter than the reference', () => {
    const match = findInRecording(new Int16Array(100), speech.audio, RATE);
    expect(match).toEqual({ offsetMs: 0, envelopeCorrelation: 0, waveformCorrelation: 0 });
  });

  it('still matches the words when playback had a short gap in the middle', () => {
    const spoken = trimSilence(speech.audio, RATE);
    const middle = Math.floor(spoken.length / 2);
    const gap = new Int16Array(RATE / 50); // 20 ms of a late packet
    const heard = recordingWith([
      new Int16Array(RATE / 2),
      spoken.subarray(0, middle),
      gap,
      spoken.subarray(middle),
      new Int16Array(RATE / 2),
    ]);
    const match = findInRecording(heard, spoken, RATE);
    expect(match.waveformCorrelation).toBeGreaterThan(0.9);
  });
});
