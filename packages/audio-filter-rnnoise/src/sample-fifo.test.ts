import { describe, expect, it } from 'vitest';
import { SampleFifo } from './sample-fifo.js';

describe('SampleFifo', () => {
  it('gives samples back in the order they were queued, across growth and wrap-around', () => {
    const fifo = new SampleFifo();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 200; round++) {
      const pushed = Int16Array.from({ length: (round * 37) % 700 }, () => next++ % 30_000);
      fifo.push(pushed);
      const taken = new Int16Array(Math.min(fifo.length, (round * 53) % 650));
      fifo.shiftInto(taken);
      for (const sample of taken) expect(sample).toBe(expected++ % 30_000);
    }
  });

  it('queues zeros and throws a RangeError when asked for more than it holds', () => {
    const fifo = new SampleFifo();
    fifo.pushZeros(3);
    const taken = new Int16Array(3).fill(9);
    fifo.shiftInto(taken);
    expect([...taken]).toEqual([0, 0, 0]);
    expect(() => fifo.shiftInto(new Int16Array(1))).toThrow(RangeError);
  });
});
