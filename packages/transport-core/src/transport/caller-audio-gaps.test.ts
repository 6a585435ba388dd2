import { describe, expect, it } from 'vitest';
import {
  CALLER_AUDIO_GAP_ALLOWANCE_MS,
  CallerAudioGaps,
  GAP_CHECK_AFTER_FRAMES,
} from './caller-audio-gaps.js';

const FRAME_MS = 20;

/**
 * Feeds frames numbered `indexes` (timestamps `index × 20 ms` unless `timestampOf` says
 * otherwise), each arriving at its own time; returns the silence asked for before each, recording
 * it as inserted.
 */
function feed(
  gaps: CallerAudioGaps,
  indexes: readonly number[],
  options: {
    timestampOf?: (index: number) => number | undefined;
    chunkOf?: (index: number) => number | undefined;
    arrivalOf?: (index: number) => number;
  } = {},
): number[] {
  const timestampOf = options.timestampOf ?? ((index) => index * FRAME_MS);
  const chunkOf = options.chunkOf ?? (() => undefined);
  const arrivalOf = options.arrivalOf ?? ((index) => index * FRAME_MS);
  return indexes.map((index) => {
    const silence = gaps.silenceBefore(
      timestampOf(index),
      chunkOf(index),
      FRAME_MS,
      arrivalOf(index),
    );
    gaps.inserted(silence);
    return silence;
  });
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, offset) => from + offset);

describe('CallerAudioGaps', () => {
  it('inserts nothing while the timestamps follow on', () => {
    const gaps = new CallerAudioGaps(1000);
    expect(feed(gaps, range(0, 100)).every((silence) => silence === 0)).toBe(true);
    expect(gaps.stats).toEqual({
      gapsFilled: 0,
      silenceInsertedMs: 0,
      gapUnfilledMs: 0,
      stoppedAsUnreliable: false,
    });
  });

  it('inserts the lost frames in their place: one lost frame is 20 ms, three are 60 ms', () => {
    const gaps = new CallerAudioGaps(1000);
    const frames = [...range(0, 10), ...range(11, 20), ...range(23, 40)];
    const silences = feed(gaps, frames);
    expect(silences[frames.indexOf(11)]).toBe(20);
    expect(silences[frames.indexOf(23)]).toBe(60);
    expect(silences.filter((silence) => silence > 0)).toHaveLength(2);
    expect(gaps.stats).toMatchObject({ gapsFilled: 2, silenceInsertedMs: 80 });
  });

  it('ignores timestamp jitter shorter than half a frame', () => {
    const gaps = new CallerAudioGaps(1000);
    const jitter = [0, 3, -2, 9, 0, 5, 1, 0];
    const silences = feed(gaps, range(0, 8), {
      timestampOf: (index) => index * FRAME_MS + jitter[index]!,
    });
    expect(silences).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('inserts nothing for a repeated or earlier frame, and the frames after it still follow on', () => {
    const gaps = new CallerAudioGaps(1000);
    const silences = feed(gaps, [0, 1, 2, 3, 2, 1, 4, 5, 6]);
    expect(silences.every((silence) => silence === 0)).toBe(true);
  });

  it('uses chunk numbers when there are no timestamps: a missing chunk is one frame long', () => {
    const gaps = new CallerAudioGaps(1000);
    const frames = [...range(1, 10), ...range(12, 20)];
    const silences = feed(gaps, frames, {
      timestampOf: () => undefined,
      chunkOf: (index) => index,
    });
    expect(silences[frames.indexOf(12)]).toBe(40);
    expect(silences.reduce((sum, silence) => sum + silence, 0)).toBe(40);
  });

  it('prefers timestamps over chunk numbers when a frame has both', () => {
    const gaps = new CallerAudioGaps(1000);
    // chunk numbers run on without a break, the timestamps show 40 ms missing
    const silences = feed(gaps, [0, 1, 2, 5, 6], {
      chunkOf: (index) => (index < 5 ? index : index - 2),
    });
    expect(silences).toEqual([0, 0, 0, 40, 0]);
  });

  it('fills a long gap only up to maxGapMs and counts the rest as unfilled', () => {
    const gaps = new CallerAudioGaps(300);
    const silences = feed(gaps, [0, 1, 2, 103, 104]);
    expect(silences).toEqual([0, 0, 0, 300, 0]);
    expect(gaps.stats).toMatchObject({
      gapsFilled: 1,
      silenceInsertedMs: 300,
      gapUnfilledMs: 1700,
    });
  });

  it('never inserts more silence than the time passed allows: made-up jumps cannot flood the pipeline', () => {
    const gaps = new CallerAudioGaps(1000);
    // every message claims 1 s passed since the one before, while they come 20 ms apart
    const silences = feed(gaps, range(0, 20), { timestampOf: (index) => index * 1000 });
    const total = silences.reduce((sum, silence) => sum + silence, 0);
    const elapsedMs = 19 * FRAME_MS;
    expect(total).toBeLessThanOrEqual(elapsedMs + CALLER_AUDIO_GAP_ALLOWANCE_MS);
    expect(total).toBeGreaterThan(0);
  });

  it('fills gaps after audio that came in a burst once real time has caught up', () => {
    const gaps = new CallerAudioGaps(1000);
    // 2 s of audio arrives in the first 100 ms (a backlog), then a frame is lost 3 s in
    const frames = [...range(0, 150), ...range(151, 160)];
    const silences = feed(gaps, frames, {
      arrivalOf: (index) => (index < 100 ? index : index * FRAME_MS),
    });
    expect(silences[frames.indexOf(151)]).toBe(20);
  });

  it('stops for the call when most frames look like gaps (timestamps in other units)', () => {
    const gaps = new CallerAudioGaps(1000);
    // RTP-style timestamps: 160 per 20 ms frame, read as ms
    const silences = feed(gaps, range(0, 200), { timestampOf: (index) => index * 160 });
    expect(gaps.stats.stoppedAsUnreliable).toBe(true);
    const filledFrames = silences.filter((silence) => silence > 0).length;
    expect(filledFrames).toBeLessThan(GAP_CHECK_AFTER_FRAMES);
    expect(silences.slice(GAP_CHECK_AFTER_FRAMES).every((silence) => silence === 0)).toBe(true);
  });

  it('keeps filling on a stream with occasional losses', () => {
    const gaps = new CallerAudioGaps(1000);
    // one frame in twenty lost, for 20 s
    const frames = range(0, 1000).filter((index) => index % 20 !== 10);
    feed(gaps, frames);
    expect(gaps.stats).toMatchObject({
      gapsFilled: 50,
      silenceInsertedMs: 1000,
      stoppedAsUnreliable: false,
    });
  });
});

describe('CallerAudioGaps when the timestamps move back', () => {
  it('follows timestamps that started again from 0, without a gap', () => {
    const gaps = new CallerAudioGaps(1000);
    const silences = feed(gaps, range(0, 60), {
      timestampOf: (index) => (index < 30 ? index : index - 30) * FRAME_MS,
    });
    expect(silences.every((silence) => silence === 0)).toBe(true);
    // and a loss after the restart is still found
    const after = gaps.silenceBefore(32 * FRAME_MS, undefined, FRAME_MS, 61 * FRAME_MS);
    expect(after).toBe(40);
  });
});
