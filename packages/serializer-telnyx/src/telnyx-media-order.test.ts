import { describe, expect, it } from 'vitest';
import { MediaReorderBuffer } from './telnyx-media-order.js';

/** Pushes chunks in the given arrival order; returns, per push, the chunks released. */
function arrive(buffer: MediaReorderBuffer<number>, chunks: readonly number[]): number[][] {
  return chunks.map((chunk) => {
    const released: number[] = [];
    buffer.push(chunk, chunk, released);
    return released;
  });
}

describe('MediaReorderBuffer', () => {
  it('passes frames in order straight through, holding nothing', () => {
    const buffer = new MediaReorderBuffer<number>(2);
    expect(arrive(buffer, [5, 6, 7, 8])).toEqual([[5], [6], [7], [8]]);
    expect(buffer.stats).toMatchObject({ received: 4, outOfOrder: 0, missing: 0 });
  });

  it('puts a swapped pair back in order and counts it', () => {
    const buffer = new MediaReorderBuffer<number>(2);
    expect(arrive(buffer, [1, 3, 2, 4])).toEqual([[1], [], [2, 3], [4]]);
    expect(buffer.stats).toMatchObject({ outOfOrder: 1, reordered: 1, late: 0, missing: 0 });
  });

  it('gives a missing chunk up once more frames than the window are waiting', () => {
    const buffer = new MediaReorderBuffer<number>(2);
    expect(arrive(buffer, [1, 3, 4, 5, 6])).toEqual([[1], [], [], [3, 4, 5], [6]]);
    expect(buffer.stats).toMatchObject({ missing: 1, outOfOrder: 0 });
    expect(buffer.heldFrames).toBe(0);
  });

  it('drops a frame that arrives after its place was passed, and counts it as late', () => {
    const buffer = new MediaReorderBuffer<number>(1);
    expect(arrive(buffer, [1, 3, 4, 2, 5])).toEqual([[1], [], [3, 4], [], [5]]);
    expect(buffer.stats).toMatchObject({ missing: 1, late: 1, outOfOrder: 1, reordered: 0 });
  });

  it('drops a repeat of a held chunk', () => {
    const buffer = new MediaReorderBuffer<number>(3);
    expect(arrive(buffer, [1, 3, 3, 2])).toEqual([[1], [], [], [2, 3]]);
    expect(buffer.stats.duplicates).toBe(1);
  });

  it('moves on at once after a jump wider than the window', () => {
    const buffer = new MediaReorderBuffer<number>(2);
    expect(arrive(buffer, [1, 2, 50, 51])).toEqual([[1], [2], [50], [51]]);
    expect(buffer.stats.missing).toBe(47);
  });

  it('follows the stream again after one stray frame numbered far ahead, losing two frames', () => {
    const buffer = new MediaReorderBuffer<number>(2);
    expect(arrive(buffer, [1, 2, 1_000_000, 3, 4, 5, 6, 7])).toEqual([
      [1],
      [2],
      [1_000_000],
      [],
      [],
      [5],
      [6],
      [7],
    ]);
    expect(buffer.stats).toMatchObject({ resyncs: 1, late: 2, missing: 0 });
  });

  it('drops a replayed old frame without resyncing to it', () => {
    const buffer = new MediaReorderBuffer<number>(2);
    expect(arrive(buffer, [10, 11, 3, 12, 13])).toEqual([[10], [11], [], [12], [13]]);
    expect(buffer.stats).toMatchObject({ resyncs: 0, late: 1 });
  });

  it('only counts with a window of 0', () => {
    const buffer = new MediaReorderBuffer<number>(0);
    expect(arrive(buffer, [1, 3, 2, 4])).toEqual([[1], [3], [], [4]]);
    expect(buffer.stats).toMatchObject({ missing: 1, late: 1 });
  });

  it('passes frames without a chunk number as they come', () => {
    const buffer = new MediaReorderBuffer<string>(2);
    const released: string[] = [];
    buffer.push(undefined, 'a', released);
    buffer.push(undefined, 'b', released);
    expect(released).toEqual(['a', 'b']);
    expect(buffer.stats.unnumbered).toBe(2);
  });

  it('stops holding when the numbering has gaps by design, so latency stays bounded', () => {
    const buffer = new MediaReorderBuffer<number>(2);
    const odd = Array.from({ length: 100 }, (_, index) => 1 + index * 2);
    const released = arrive(buffer, odd);
    expect(buffer.windowFrames).toBe(0);
    // Once holding stops, every frame is released on arrival.
    expect(
      released
        .slice(-20)
        .every((batch, index) => batch.length === 1 && batch[0] === odd[80 + index]),
    ).toBe(true);
    expect(released.flat()).toEqual(odd);
  });

  it('keeps reordering on a stream with occasional losses', () => {
    const buffer = new MediaReorderBuffer<number>(2);
    const chunks = Array.from({ length: 200 }, (_, index) => index + 1).filter(
      (chunk) => chunk % 40 !== 0,
    );
    const released = arrive(buffer, chunks).flat();
    expect(buffer.windowFrames).toBe(2);
    expect(buffer.stats.missing).toBe(4);
    expect(released).toEqual(chunks.slice(0, released.length));
  });

  it('releases held frames in order when drained', () => {
    const buffer = new MediaReorderBuffer<number>(4);
    arrive(buffer, [1, 4, 3]);
    const released: number[] = [];
    buffer.drain(released);
    expect(released).toEqual([3, 4]);
    expect(buffer.heldFrames).toBe(0);
  });

  it('starts over after a reset', () => {
    const buffer = new MediaReorderBuffer<number>(2);
    arrive(buffer, [10, 11]);
    buffer.reset();
    expect(arrive(buffer, [1, 2])).toEqual([[1], [2]]);
  });

  it('refuses a window that is not a whole number from 0 to 16', () => {
    expect(() => new MediaReorderBuffer(-1)).toThrow(RangeError);
    expect(() => new MediaReorderBuffer(1.5)).toThrow(/got 1.5/);
    expect(() => new MediaReorderBuffer(17)).toThrow(RangeError);
  });
});
