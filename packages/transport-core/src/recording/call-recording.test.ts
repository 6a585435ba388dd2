import { describe, expect, it } from 'vitest';
import { parseWav } from '../audio/wav.js';
import { CallRecording } from './call-recording.js';

const SAMPLE_RATE = 8000;
const FRAMES_PER_MS = SAMPLE_RATE / 1000;
const CALLER_LEVEL = 1000;
const BOT_LEVEL = 2000;

/** A constant-level mono chunk of `ms` milliseconds at 8 kHz. */
function chunk(ms: number, level: number, sampleRate = SAMPLE_RATE): Int16Array {
  return new Int16Array((ms * sampleRate) / 1000).fill(level);
}

/** A recording into memory (tests only), with its decoded channels. */
function recordInMemory() {
  const parts: Uint8Array[] = [];
  const recording = new CallRecording({ sink: (bytes) => parts.push(bytes.slice()) });
  const bytes = () => {
    const all = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      all.set(part, offset);
      offset += part.length;
    }
    return all;
  };
  /** The left (caller) and right (bot) channels of what was written. */
  const channels = () => {
    const wav = parseWav(bytes());
    const frames = wav.audio.length / 2;
    const caller = new Int16Array(frames);
    const bot = new Int16Array(frames);
    for (let frame = 0; frame < frames; frame++) {
      caller[frame] = wav.audio[frame * 2]!;
      bot[frame] = wav.audio[frame * 2 + 1]!;
    }
    return { wav, caller, bot };
  };
  return { recording, bytes, channels };
}

/** The time spans (in ms) where `track` is not silent, as `[start, end]` pairs. */
function soundSpans(track: Int16Array): [number, number][] {
  const spans: [number, number][] = [];
  let start: number | undefined;
  for (let frame = 0; frame <= track.length; frame++) {
    const sounding = frame < track.length && track[frame] !== 0;
    if (sounding && start === undefined) start = frame;
    if (!sounding && start !== undefined) {
      spans.push([start / FRAMES_PER_MS, frame / FRAMES_PER_MS]);
      start = undefined;
    }
  }
  return spans;
}

describe('CallRecording', () => {
  it('puts the caller on the left, ending where it arrived, and the bot on the right from when it was sent', () => {
    const { recording, channels } = recordInMemory();
    recording.start(1000);
    recording.callerAudio(chunk(100, CALLER_LEVEL), SAMPLE_RATE, 1, 1300);
    recording.botAudio(chunk(100, BOT_LEVEL), SAMPLE_RATE, 1, 1500);
    recording.finish(2000);
    const { wav, caller, bot } = channels();
    expect(wav.numChannels).toBe(2);
    expect(wav.sampleRate).toBe(SAMPLE_RATE);
    expect(caller.length).toBe(1000 * FRAMES_PER_MS);
    expect(soundSpans(caller)).toEqual([[200, 300]]);
    expect(soundSpans(bot)).toEqual([[500, 600]]);
    expect(new Set(caller.filter((sample) => sample !== 0))).toEqual(new Set([CALLER_LEVEL]));
    expect(new Set(bot.filter((sample) => sample !== 0))).toEqual(new Set([BOT_LEVEL]));
  });

  it('fills the time neither side spoke with silence', () => {
    const { recording, channels } = recordInMemory();
    recording.start(0);
    recording.callerAudio(chunk(20, CALLER_LEVEL), SAMPLE_RATE, 1, 20);
    recording.callerAudio(chunk(20, CALLER_LEVEL), SAMPLE_RATE, 1, 3020);
    recording.finish(5000);
    const { caller, bot } = channels();
    expect(caller.length).toBe(5000 * FRAMES_PER_MS);
    expect(soundSpans(caller)).toEqual([
      [0, 20],
      [3000, 3020],
    ]);
    expect(soundSpans(bot)).toEqual([]);
  });

  it('plays bot audio sent ahead after the audio sent before it, as the provider does', () => {
    const { recording, channels } = recordInMemory();
    recording.start(0);
    recording.botAudio(chunk(40, BOT_LEVEL), SAMPLE_RATE, 1, 100);
    recording.botAudio(chunk(40, BOT_LEVEL + 1), SAMPLE_RATE, 1, 100);
    recording.botAudio(chunk(40, BOT_LEVEL + 2), SAMPLE_RATE, 1, 140);
    recording.finish(400);
    const { bot } = channels();
    expect(soundSpans(bot)).toEqual([[100, 220]]);
    expect(bot[Math.round(150 * FRAMES_PER_MS)]).toBe(BOT_LEVEL + 1);
    expect(bot[Math.round(190 * FRAMES_PER_MS)]).toBe(BOT_LEVEL + 2);
  });

  it('cuts the bot audio that was sent but not yet played when the caller interrupts', () => {
    const { recording, channels } = recordInMemory();
    recording.start(0);
    recording.botAudio(chunk(1000, BOT_LEVEL), SAMPLE_RATE, 1, 0); // sent far ahead
    recording.interrupt(300);
    recording.botAudio(chunk(100, BOT_LEVEL), SAMPLE_RATE, 1, 500); // the next answer
    recording.finish(1000);
    expect(soundSpans(channels().bot)).toEqual([
      [0, 300],
      [500, 600],
    ]);
  });

  it('ends the bot track when the call ends, even if more was sent ahead', () => {
    const { recording, channels } = recordInMemory();
    recording.start(0);
    recording.botAudio(chunk(500, BOT_LEVEL), SAMPLE_RATE, 1, 0);
    recording.finish(200);
    expect(soundSpans(channels().bot)).toEqual([[0, 200]]);
  });

  it('resamples and downmixes audio to the recording rate', () => {
    const { recording, channels } = recordInMemory();
    recording.start(0);
    const stereo16k = new Int16Array(2 * 16 * 200).fill(CALLER_LEVEL);
    recording.callerAudio(stereo16k, 16_000, 2, 200);
    recording.finish(400);
    const { caller } = channels();
    const middle = caller[Math.round(100 * FRAMES_PER_MS)]!;
    expect(Math.abs(middle - CALLER_LEVEL)).toBeLessThan(20);
  });

  it('ignores audio after it has finished', () => {
    const { recording, bytes } = recordInMemory();
    recording.start(0);
    recording.finish(100);
    const length = bytes().length;
    recording.botAudio(chunk(20, BOT_LEVEL), SAMPLE_RATE, 1, 120);
    recording.finish(200);
    expect(bytes().length).toBe(length);
    expect(recording.finished).toBe(true);
  });

  it('holds no more than a chunk or two of audio however long the call lasts', () => {
    let writtenBytes = 0;
    const recording = new CallRecording({
      sink: (bytes) => {
        writtenBytes += bytes.length;
      },
    });
    const callMinutes = 10;
    const chunkMs = 20;
    let mostPending = 0;
    recording.start(0);
    for (let nowMs = chunkMs; nowMs <= callMinutes * 60_000; nowMs += chunkMs) {
      recording.callerAudio(chunk(chunkMs, CALLER_LEVEL), SAMPLE_RATE, 1, nowMs);
      recording.botAudio(chunk(chunkMs, BOT_LEVEL), SAMPLE_RATE, 1, nowMs);
      mostPending = Math.max(mostPending, recording.pendingFrames);
    }
    recording.finish(callMinutes * 60_000 + chunkMs);
    expect(mostPending).toBeLessThanOrEqual(2 * chunkMs * FRAMES_PER_MS);
    expect(recording.pendingFrames).toBe(0);
    const expectedFrames = (callMinutes * 60_000 + chunkMs) * FRAMES_PER_MS;
    expect(writtenBytes).toBe(44 + expectedFrames * 4);
  });

  it('writes a header that readers accept before the sizes are known', () => {
    const { recording, bytes } = recordInMemory();
    recording.start(0);
    recording.callerAudio(chunk(20, CALLER_LEVEL), SAMPLE_RATE, 1, 20);
    const wav = parseWav(bytes());
    expect(wav.numChannels).toBe(2);
    expect(wav.audio.length).toBe(20 * FRAMES_PER_MS * 2);
  });
});
