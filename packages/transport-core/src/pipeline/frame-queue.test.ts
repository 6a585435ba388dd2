import { describe, expect, it } from 'vitest';
import { EndFrame, StopFrame } from '../frames/lifecycle-frames.js';
import { BotSpeakingFrame } from '../frames/speech-frames.js';
import { TextFrame } from '../frames/transport-frames.js';
import { labelOf } from './__fixtures__/test-processors.js';
import type { FrameDirection } from './frame-direction.js';
import { FrameQueue } from './frame-queue.js';

function drain(queue: FrameQueue): string[] {
  const labels: string[] = [];
  for (let item = queue.shift(); item; item = queue.shift()) {
    labels.push(`${labelOf(item.frame)} ${item.direction}`);
  }
  return labels;
}

describe('FrameQueue', () => {
  it('returns frames first in, first out, each with its direction', () => {
    const queue = new FrameQueue();
    queue.push(new TextFrame('a'), 'downstream');
    queue.push(new TextFrame('b'), 'upstream');
    expect(queue.length).toBe(2);
    expect(drain(queue)).toEqual(['TextFrame(a) downstream', 'TextFrame(b) upstream']);
    expect(queue.length).toBe(0);
    expect(queue.shift()).toBeUndefined();
    expect(queue.shiftFrame()).toBeUndefined();
    expect(queue.peekDirection()).toBeUndefined();
  });

  it('lets a frame be taken without allocating: peekDirection, then shiftFrame', () => {
    const queue = new FrameQueue();
    const frame = new TextFrame('a');
    queue.push(frame, 'upstream');
    expect(queue.peekDirection()).toBe('upstream');
    expect(queue.shiftFrame()).toBe(frame);
  });

  it('keeps order across growth and wrap-around of its ring buffer', () => {
    const queue = new FrameQueue();
    const expected: string[] = [];
    const taken: string[] = [];
    let counter = 0;
    for (let round = 0; round < 50; round++) {
      for (let index = 0; index < 7; index++) {
        const direction: FrameDirection = counter % 3 === 0 ? 'upstream' : 'downstream';
        queue.push(new TextFrame(String(counter)), direction);
        expected.push(`TextFrame(${counter}) ${direction}`);
        counter++;
      }
      for (let index = 0; index < 5; index++) {
        const item = queue.shift();
        if (item) taken.push(`${labelOf(item.frame)} ${item.direction}`);
      }
    }
    taken.push(...drain(queue));
    expect(taken).toEqual(expected);
  });

  it('drops every frame except uninterruptible ones, which keep their order and direction', () => {
    const queue = new FrameQueue();
    for (let index = 0; index < 14; index++) queue.shift(); // no-op on empty
    for (let index = 0; index < 12; index++) queue.push(new TextFrame(String(index)), 'downstream');
    for (let index = 0; index < 10; index++) queue.shift(); // head moves near the end of the ring
    queue.push(new EndFrame(), 'downstream');
    queue.push(new TextFrame('x'), 'downstream');
    queue.push(new StopFrame(), 'upstream');
    queue.push(new TextFrame('y'), 'downstream');
    queue.push(new TextFrame('z'), 'downstream');
    queue.push(new TextFrame('w'), 'downstream'); // wraps around

    expect(queue.dropInterruptible()).toBe(6);
    expect(queue.length).toBe(2);
    queue.push(new TextFrame('after'), 'downstream');
    expect(drain(queue)).toEqual([
      'EndFrame downstream',
      'StopFrame upstream',
      'TextFrame(after) downstream',
    ]);
  });

  it('also keeps the frames a keep predicate accepts when dropping interruptible ones', () => {
    const queue = new FrameQueue();
    queue.push(new TextFrame('old'), 'downstream');
    queue.push(new BotSpeakingFrame(), 'upstream');
    queue.push(new EndFrame(), 'downstream');
    expect(queue.dropInterruptible((frame) => frame.kind === 'system')).toBe(1);
    expect([queue.shift()?.frame.type, queue.shift()?.frame.type]).toEqual([
      'BotSpeakingFrame',
      'EndFrame',
    ]);
  });

  it('empties on clear and works again afterwards', () => {
    const queue = new FrameQueue();
    for (let index = 0; index < 100; index++) queue.push(new TextFrame(String(index)), 'upstream');
    queue.clear();
    expect(queue.length).toBe(0);
    expect(queue.shift()).toBeUndefined();
    queue.push(new TextFrame('again'), 'downstream');
    expect(drain(queue)).toEqual(['TextFrame(again) downstream']);
  });
});
