import { describe, expect, it } from 'vitest';
import { flushMicrotasks, ManualClock } from '../clock/manual-clock.js';
import type { Frame } from '../frames/frame.js';
import { InterruptionFrame, StartFrame } from '../frames/lifecycle-frames.js';
import { TextFrame } from '../frames/transport-frames.js';
import { silentLogger } from '../logging/logger.js';
import {
  CleanupProbe,
  RecordingProcessor,
  SlowProcessor,
  texts,
} from './__fixtures__/test-processors.js';
import type { FrameDirection } from './frame-direction.js';
import { FrameProcessor, type FrameProcessorSetup } from './frame-processor.js';
import { Pipeline } from './pipeline.js';

/** Appends `suffix` to every text frame going downstream. */
class Suffix extends FrameProcessor {
  readonly #suffix: string;
  constructor(suffix: string) {
    super();
    this.#suffix = suffix;
  }
  protected override async processFrame(frame: Frame, direction: FrameDirection) {
    if (TextFrame.is(frame) && direction === 'downstream') {
      this.pushFrame(new TextFrame(frame.text + this.#suffix), direction);
    } else {
      this.pushFrame(frame, direction);
    }
  }
}

function wrap(pipeline: FrameProcessor): { head: RecordingProcessor; tail: RecordingProcessor } {
  const head = new RecordingProcessor();
  const tail = new RecordingProcessor();
  head.link(pipeline).link(tail);
  return { head, tail };
}

describe('Pipeline', () => {
  it('passes downstream frames through its processors in order', async () => {
    const pipeline = new Pipeline([new Suffix('1'), new Suffix('2'), new Suffix('3')]);
    const { head, tail } = wrap(pipeline);
    head.queueFrame(new StartFrame());
    head.queueFrame(new TextFrame('x'));
    await flushMicrotasks();
    expect(tail.labels()).toEqual(['StartFrame', 'TextFrame(x123)']);
  });

  it('passes upstream frames out of its first processor', async () => {
    const first = new RecordingProcessor();
    const last = new FrameProcessor();
    const pipeline = new Pipeline([first, last]);
    const { head, tail } = wrap(pipeline);
    head.queueFrame(new StartFrame());
    await flushMicrotasks();
    tail.pushFrame(new TextFrame('up'), 'upstream');
    await flushMicrotasks();
    expect(first.labels('upstream')).toEqual(['TextFrame(up)']);
    expect(head.labels('upstream')).toEqual(['TextFrame(up)']);
  });

  it('nests: a pipeline inside a pipeline behaves like its processors in a row', async () => {
    const inner = new Pipeline([new Suffix('b'), new Pipeline([new Suffix('c')]), new Suffix('d')]);
    const outer = new Pipeline([new Suffix('a'), inner, new Suffix('e')]);
    const { head, tail } = wrap(outer);
    head.queueFrame(new StartFrame());
    head.queueFrame(new TextFrame('>'));
    await flushMicrotasks();
    expect(tail.labels()).toEqual(['StartFrame', 'TextFrame(>abcde)']);

    tail.pushFrame(new TextFrame('back'), 'upstream');
    await flushMicrotasks();
    expect(head.labels('upstream')).toEqual(['TextFrame(back)']);
  });

  it('adds no queue of its own: an interruption reaches every inner processor', async () => {
    const slowOuter = new SlowProcessor();
    const slowInner = new SlowProcessor();
    const pipeline = new Pipeline([slowOuter, new Pipeline([slowInner])]);
    const { head, tail } = wrap(pipeline);
    head.queueFrame(new StartFrame());
    for (const frame of texts('a', 'b', 'c')) head.queueFrame(frame);
    await flushMicrotasks();
    slowOuter.releaseNext(); // a moves on to the inner slow processor
    await flushMicrotasks();
    expect(slowInner.began).toEqual(['TextFrame(a)']);
    expect(slowOuter.began).toEqual(['TextFrame(a)', 'TextFrame(b)']);

    head.queueFrame(new InterruptionFrame());
    await flushMicrotasks();
    expect(slowOuter.queuedFrameCount).toBe(0);
    slowOuter.releaseNext();
    slowInner.releaseNext();
    await flushMicrotasks();
    expect(tail.labels()).toEqual(['StartFrame', 'InterruptionFrame']);
  });

  it('refuses a processor listed twice', () => {
    const processor = new FrameProcessor();
    expect(() => new Pipeline([processor, processor])).toThrow(/only once/);
  });

  it('sets up every processor, nested ones included, with the same clock and logger', async () => {
    const received: FrameProcessorSetup[] = [];
    class SetupProbe extends FrameProcessor {
      override async setup(setup: FrameProcessorSetup): Promise<void> {
        await super.setup(setup);
        received.push(setup);
      }
    }
    const pipeline = new Pipeline([new SetupProbe(), new Pipeline([new SetupProbe()])]);
    const setup = { clock: new ManualClock(), logger: silentLogger };
    await pipeline.setup(setup);
    expect(received).toEqual([setup, setup]);
  });

  it('cleans up every processor even when some throw or reject', async () => {
    const probes = [
      new CleanupProbe(),
      new CleanupProbe('throw'),
      new CleanupProbe('reject'),
      new CleanupProbe(),
    ];
    const nested = new CleanupProbe();
    const pipeline = new Pipeline([...probes, new Pipeline([nested])]);
    await expect(pipeline.cleanup()).resolves.toBeUndefined();
    expect([...probes, nested].map((probe) => probe.cleanedUp)).toEqual([1, 1, 1, 1, 1]);
  });
});
