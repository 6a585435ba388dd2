import { pcmToUlaw, ulawToPcm } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { GOODBYE_PATH, GREETING_PATH, readMonoWav, SPEECH_FIXTURE_PATH } from './audio-fixtures.js';
import {
  findInRecording,
  findPlayedAudio,
  findUnchanged,
  trimSilence,
  withoutDigitalSilence,
} from './audio-similarity.js';

const speech = readMonoWav(SPEECH_FIXTURE_PATH);
const greeting = readMonoWav(GREETING_PATH);
const goodbye = readMonoWav(GOODBYE_PATH);
const RATE = speech.sampleRate;
/** Samples in one 20 ms media message at 8 kHz. */
const MESSAGE_SAMPLES = 160;

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
    expect(match).toEqual({
      offsetMs: 0,
      envelopeCorrelation: 0,
      waveformCorrelation: 0,
      worstBlockCorrelation: 0,
    });
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

  it('lines the envelopes up at the sample, wherever the words fall on the 10 ms grid', () => {
    const spoken = trimSilence(speech.audio, RATE);
    for (const lead of [0, 13, 27, 40, 61]) {
      const recording = recordingWith([
        new Int16Array(RATE / 4 + lead),
        spoken,
        new Int16Array(RATE / 4),
      ]);
      expect(findInRecording(recording, spoken, RATE).envelopeCorrelation).toBeGreaterThan(0.999);
    }
  });

  it('compares the tail: words cut 150 ms short show in the worst block', () => {
    const spoken = trimSilence(speech.audio, RATE);
    const cut = spoken.subarray(0, spoken.length - (RATE * 150) / 1000);
    const match = findInRecording(
      recordingWith([new Int16Array(RATE / 2), cut, new Int16Array(RATE / 2)]),
      spoken,
      RATE,
    );
    expect(match.worstBlockCorrelation).toBeLessThan(0.8);
  });
});

/** `audio` cut into 20 ms media messages, as the bot sends it. */
function messagesOf(audio: Int16Array): Int16Array[] {
  const messages: Int16Array[] = [];
  for (let start = 0; start < audio.length; start += MESSAGE_SAMPLES) {
    messages.push(audio.subarray(start, start + MESSAGE_SAMPLES));
  }
  return messages;
}

/**
 * What a phone's timeline holds when `messages` arrive late now and then: the playout runs dry and
 * the phone plays silence until the next one (the gaps, in samples, after the message indexed).
 */
function playedWithGaps(messages: Int16Array[], gaps: ReadonlyMap<number, number>): Int16Array {
  return recordingWith(
    messages.flatMap((message, index) => [message, new Int16Array(gaps.get(index) ?? 0)]),
  );
}

describe('findPlayedAudio and findUnchanged', () => {
  // The goodbye as a μ-law call carries it, played after the end of some other speech.
  const said = ulawToPcm(pcmToUlaw(trimSilence(goodbye.audio, RATE)));
  const before = ulawToPcm(pcmToUlaw(greeting.audio.subarray(0, RATE)));
  const messages = messagesOf(said);
  // Late messages: from one sample to a quarter of a second, some next to the goodbye's own zeros.
  const naturalZeroAt = messages.findIndex((message) => message.at(-1) === 0);
  const gaps = new Map([
    [2, 1],
    [5, 23],
    [9, 170],
    [14, 2000],
    [Math.max(0, naturalZeroAt), 400],
    [messages.length - 3, 57],
  ]);
  const heard = recordingWith([
    before,
    new Int16Array(RATE / 10),
    playedWithGaps(messages, gaps),
    new Int16Array(RATE / 2),
  ]);
  const startedAtMs = ((before.length + RATE / 10) * 1000) / RATE;

  it('takes exact zeros out and says where each remaining sample was', () => {
    const audible = withoutDigitalSilence(Int16Array.of(0, 5, 0, 0, -3, 7, 0));
    expect([...audible.audio]).toEqual([5, -3, 7]);
    expect([...audible.positions]).toEqual([1, 4, 5]);
  });

  it('matches audio whose messages came late as if it played straight, and when it started', () => {
    const match = findPlayedAudio(heard, said, RATE);
    expect(match.offsetMs).toBeCloseTo(startedAtMs, 3);
    expect(match.envelopeCorrelation).toBeGreaterThan(0.999);
    expect(match.waveformCorrelation).toBeGreaterThan(0.999);
    expect(match.worstBlockCorrelation).toBeGreaterThan(0.999);
    expect(findUnchanged(heard, said)).toBe(withoutDigitalSilence(before).audio.length);
  });

  it('says where a reference that starts quietly started, not where it first made a sound', () => {
    const opening = ulawToPcm(pcmToUlaw(greeting.audio.subarray(0, RATE)));
    expect(opening[0]).toBe(0);
    const recording = recordingWith([new Int16Array((RATE * 300) / 1000), opening]);
    expect(findPlayedAudio(recording, opening, RATE).offsetMs).toBeCloseTo(300, 3);
  });

  const middle = Math.floor(messages.length / 2);
  const damaged: [string, Int16Array][] = [
    ['a message is lost', playedWithGaps(messages.toSpliced(middle, 1), gaps)],
    [
      'a message plays as silence',
      playedWithGaps(messages.with(middle, new Int16Array(MESSAGE_SAMPLES)), gaps),
    ],
    [
      'a message has its bytes swapped (L16 in the wrong byte order)',
      playedWithGaps(
        messages.with(
          middle,
          messages[middle]!.map((sample) => ((sample & 0xff) << 8) | ((sample >> 8) & 0xff)),
        ),
        gaps,
      ),
    ],
    [
      'one sample is off by one',
      playedWithGaps(
        messages.with(
          middle,
          messages[middle]!.map((sample, index) => (index === 80 ? sample + 1 : sample)),
        ),
        gaps,
      ),
    ],
    [
      'the last 100 ms are cut',
      playedWithGaps(messagesOf(said.subarray(0, said.length - RATE / 10)), gaps),
    ],
    [
      'the first 60 ms are cut',
      playedWithGaps(messagesOf(said.subarray((RATE * 60) / 1000)), gaps),
    ],
    [
      'other words play',
      playedWithGaps(messagesOf(ulawToPcm(pcmToUlaw(trimSilence(speech.audio, RATE)))), gaps),
    ],
  ];

  it.each(damaged)('tells when %s', (_, played) => {
    const recording = recordingWith([
      before,
      new Int16Array(RATE / 10),
      played,
      new Int16Array(RATE / 2),
    ]);
    expect(findUnchanged(recording, said)).toBeUndefined();
  });

  it('scores loud damage low, in the worst block above all', () => {
    const lost = playedWithGaps(messages.toSpliced(middle, 3), gaps);
    const match = findPlayedAudio(recordingWith([before, lost]), said, RATE);
    expect(match.worstBlockCorrelation).toBeLessThan(0.9);
    const other = findPlayedAudio(recordingWith([before, damaged.at(-1)![1]]), said, RATE);
    expect(other.waveformCorrelation).toBeLessThan(0.6);
  });
});
