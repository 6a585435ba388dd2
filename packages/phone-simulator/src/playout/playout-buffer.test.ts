import { describe, expect, it } from 'vitest';
import { PlayoutBuffer, type PlayoutListener } from './playout-buffer.js';
import { TimelineRecorder } from './timeline-recorder.js';

const RATE = 8000;

function setup(recorder?: TimelineRecorder) {
  const log: string[] = [];
  const listener: PlayoutListener = {
    markPlayed: (name, atMs) => log.push(`mark ${name} @${atMs}`),
    utteranceStarted: (atMs) => log.push(`start @${atMs}`),
    utteranceEnded: (atMs, reason) => log.push(`end ${reason} @${atMs}`),
    underrun: (gapMs, atMs) => log.push(`underrun ${gapMs} @${atMs}`),
  };
  const playout = new PlayoutBuffer({
    sampleRate: RATE,
    recorder,
    utteranceGapMs: 250,
    maxBufferedMs: 10_000,
    listener,
  });
  return { playout, log };
}

function constant(value: number, ms: number): Int16Array {
  return new Int16Array((ms * RATE) / 1000).fill(value);
}

describe('PlayoutBuffer', () => {
  it('plays audio from its arrival at real time and reports a mark when the audio before it has played', () => {
    const { playout, log } = setup();
    playout.enqueueAudio(8000, undefined, 100);
    playout.enqueueMark('one-second', 100);
    playout.advanceTo(1099);
    expect(log).toEqual(['start @100']);
    expect(playout.bufferedMs).toBe(1);
    playout.advanceTo(1100);
    expect(log).toEqual(['start @100', 'mark one-second @1100']);
    expect(playout.playedMs).toBe(1000);
  });

  it('reports a mark at once when nothing is buffered', () => {
    const { playout, log } = setup();
    playout.enqueueMark('now', 40);
    expect(log).toEqual(['mark now @40']);
  });

  it('queues audio that arrives while playing behind what is playing', () => {
    const { playout, log } = setup();
    playout.enqueueAudio(1600, undefined, 0);
    playout.enqueueAudio(1600, undefined, 100);
    playout.enqueueMark('end', 100);
    playout.advanceTo(399);
    expect(log).toEqual(['start @0']);
    playout.advanceTo(400);
    expect(log).toEqual(['start @0', 'mark end @400']);
  });

  it('drops buffered audio on clear, says how much, and returns the pending marks', () => {
    const recorder = new TimelineRecorder(RATE, 10_000);
    const { playout, log } = setup(recorder);
    playout.enqueueAudio(8000, constant(1000, 1000), 0);
    playout.enqueueMark('a', 0);
    playout.enqueueAudio(800, constant(2000, 100), 0);
    playout.enqueueMark('b', 0);
    const result = playout.clear(300);
    expect(result).toEqual({ discardedMs: 800, pendingMarks: ['a', 'b'] });
    expect(log).toEqual(['start @0', 'end cleared @300']);
    playout.advanceTo(2000);
    expect(playout.playedMs).toBe(300);
    const heard = recorder.read(0, 16000);
    expect(heard.subarray(0, 2400).every((sample) => sample === 1000)).toBe(true);
    expect(heard.subarray(2400).every((sample) => sample === 0)).toBe(true);
  });

  it('records audio at the call time it played, with silence elsewhere', () => {
    const recorder = new TimelineRecorder(RATE, 10_000);
    const { playout } = setup(recorder);
    playout.enqueueAudio(800, constant(500, 100), 250);
    playout.advanceTo(1000);
    const heard = recorder.read(0, 8000);
    expect(heard.subarray(0, 2000).every((sample) => sample === 0)).toBe(true);
    expect(heard.subarray(2000, 2800).every((sample) => sample === 500)).toBe(true);
    expect(heard.subarray(2800).every((sample) => sample === 0)).toBe(true);
  });

  it('counts a short gap inside an utterance as an underrun and a long one as a new utterance', () => {
    const { playout, log } = setup();
    playout.enqueueAudio(160, undefined, 0);
    playout.enqueueAudio(160, undefined, 50);
    playout.advanceTo(69);
    playout.advanceTo(400);
    playout.enqueueAudio(160, undefined, 400);
    expect(log).toEqual(['start @0', 'underrun 30 @50', 'end drained @70', 'start @400']);
  });

  it('refuses audio beyond the buffer limit', () => {
    const { playout } = setup();
    expect(playout.enqueueAudio(8000 * 10, undefined, 0)).toBe(true);
    expect(playout.enqueueAudio(1, undefined, 0)).toBe(false);
    expect(playout.receivedMs).toBe(10_000);
  });
});

describe('TimelineRecorder', () => {
  it('stops at its length limit and says it truncated', () => {
    const recorder = new TimelineRecorder(RATE, 100);
    recorder.write(700, new Int16Array(200).fill(7));
    expect(recorder.truncated).toBe(true);
    expect(recorder.endSample).toBe(800);
    expect(recorder.read(0, 10_000)).toHaveLength(800);
  });
});
