import { describe, expect, it } from 'vitest';
import { flushMicrotasks, ManualClock } from '../clock/manual-clock.js';
import { OutputAudioRawFrame } from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import {
  CancelTaskFrame,
  EndFrame,
  EndTaskFrame,
  type ErrorFrame,
  InterruptionFrame,
  InterruptionTaskFrame,
  StartFrame,
  StopFrame,
} from '../frames/lifecycle-frames.js';
import {
  BotSpeakingFrame,
  BotStartedSpeakingFrame,
  UserSpeakingFrame,
  UserStartedSpeakingFrame,
} from '../frames/speech-frames.js';
import { TextFrame } from '../frames/transport-frames.js';
import { silentLogger } from '../logging/logger.js';
import {
  CleanupProbe,
  Deferred,
  NEVER,
  RecordingProcessor,
  SlowProcessor,
  texts,
} from './__fixtures__/test-processors.js';
import type { FrameDirection } from './frame-direction.js';
import { FrameProcessor, type FrameProcessorSetup } from './frame-processor.js';
import { Pipeline } from './pipeline.js';
import {
  type PipelineFinishReason,
  PipelineTask,
  type PipelineTaskParams,
} from './pipeline-task.js';

interface Harness {
  task: PipelineTask;
  clock: ManualClock;
  events: string[];
  errors: ErrorFrame[];
  finished: PipelineFinishReason[];
}

function createTask(
  processors: FrameProcessor[],
  params: Omit<PipelineTaskParams, 'clock'> = {},
): Harness {
  const clock = new ManualClock();
  // silent unless a test asks: pass a logger in `params` to check what is logged
  const task = new PipelineTask(new Pipeline(processors), {
    clock,
    logger: silentLogger,
    ...params,
  });
  const harness: Harness = { task, clock, events: [], errors: [], finished: [] };
  task.on('started', () => {
    harness.events.push('started');
  });
  task.on('error', (_task, frame) => {
    harness.events.push('error');
    harness.errors.push(frame);
  });
  task.on('idleTimeout', () => {
    harness.events.push('idleTimeout');
  });
  task.on('finished', (_task, reason) => {
    harness.events.push(`finished:${reason}`);
    harness.finished.push(reason);
  });
  return harness;
}

/** Calls `handler` for text frames, passes everything else on. */
class OnText extends FrameProcessor {
  readonly #handler: (processor: OnText, frame: TextFrame) => void | Promise<void>;
  constructor(handler: (processor: OnText, frame: TextFrame) => void | Promise<void>) {
    super();
    this.#handler = handler;
  }
  protected override async processFrame(frame: Frame, direction: FrameDirection) {
    if (TextFrame.is(frame)) await this.#handler(this, frame);
    else this.pushFrame(frame, direction);
  }
}

/** Hangs forever in the handler of the first `UserStartedSpeakingFrame`, blocking its system frames. */
class HangsOnUserStartedSpeaking extends FrameProcessor {
  protected override async processFrame(frame: Frame, direction: FrameDirection) {
    if (UserStartedSpeakingFrame.is(frame)) await NEVER;
    this.pushFrame(frame, direction);
  }
}

describe('PipelineTask', () => {
  describe('start', () => {
    it('sends a StartFrame carrying its params, then emits started', async () => {
      const recorder = new RecordingProcessor();
      const { task, events } = createTask([recorder], {
        audioInSampleRate: 8000,
        audioOutSampleRate: 8000,
        allowInterruptions: false,
        enableMetrics: true,
      });
      void task.run();
      await flushMicrotasks();
      const start = recorder.seen[0]?.frame;
      expect(StartFrame.is(start)).toBe(true);
      if (!StartFrame.is(start)) return;
      expect(start.audioInSampleRate).toBe(8000);
      expect(start.audioOutSampleRate).toBe(8000);
      expect(start.allowInterruptions).toBe(false);
      expect(start.enableMetrics).toBe(true);
      expect(events).toEqual(['started']);
      await task.cancel();
    });

    it('defaults to 16 kHz in and 24 kHz out, like Pipecat', async () => {
      const recorder = new RecordingProcessor();
      const { task } = createTask([recorder]);
      void task.run();
      await flushMicrotasks();
      const start = recorder.seen[0]?.frame;
      expect(StartFrame.is(start) && [start.audioInSampleRate, start.audioOutSampleRate]).toEqual([
        16_000, 24_000,
      ]);
      await task.cancel();
    });

    it('delivers frames queued before run() after the StartFrame, in order', async () => {
      const recorder = new RecordingProcessor();
      const { task } = createTask([recorder]);
      task.queueFrames(texts('a', 'b'));
      task.queueFrame(new BotSpeakingFrame());
      task.stopWhenDone();
      await task.run();
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'BotSpeakingFrame',
        'TextFrame(a)',
        'TextFrame(b)',
        'EndFrame',
      ]);
      expect(task.finishReason).toBe('end');
    });

    it('sets every processor up before the StartFrame and holds frames queued meanwhile', async () => {
      const setupDone = new Deferred();
      const order: string[] = [];
      class SlowSetup extends FrameProcessor {
        override async setup(setup: FrameProcessorSetup): Promise<void> {
          await super.setup(setup);
          order.push('setup begins');
          await setupDone.promise;
          order.push('setup ends');
        }
        protected override async processFrame(frame: Frame, direction: FrameDirection) {
          order.push(frame.type);
          this.pushFrame(frame, direction);
        }
      }
      const { task } = createTask([new SlowSetup()]);
      const running = task.run();
      await flushMicrotasks();
      task.queueFrame(new TextFrame('during setup'));
      task.stopWhenDone();
      await flushMicrotasks();
      expect(order).toEqual(['setup begins']);
      setupDone.resolve();
      await running;
      expect(order).toEqual(['setup begins', 'setup ends', 'StartFrame', 'TextFrame', 'EndFrame']);
    });
  });

  describe('end', () => {
    it('drains queued frames in order on stopWhenDone and finishes when the EndFrame reaches the end', async () => {
      const slow = new SlowProcessor();
      const recorder = new RecordingProcessor();
      const { task, events } = createTask([slow, recorder]);
      const running = task.run();
      task.queueFrames(texts('a', 'b'));
      task.stopWhenDone();
      await flushMicrotasks();
      for (let index = 0; index < 2; index++) {
        slow.releaseNext();
        await flushMicrotasks();
      }
      expect(task.hasFinished()).toBe(false);
      slow.releaseNext();
      await running;
      expect(recorder.labels()).toEqual(['StartFrame', 'TextFrame(a)', 'TextFrame(b)', 'EndFrame']);
      expect(task.finishReason).toBe('end');
      expect(events).toEqual(['started', 'finished:end']);
    });

    it('finishes with reason stop when a StopFrame reaches the end', async () => {
      const { task, finished } = createTask([new RecordingProcessor()]);
      task.queueFrame(new StopFrame());
      await task.run();
      expect(finished).toEqual(['stop']);
    });

    it('ends gracefully when a processor pushes an EndTaskFrame upstream, after frames queued before it', async () => {
      const recorder = new RecordingProcessor();
      const ender = new OnText((processor, frame) => {
        if (frame.text === 'bye')
          processor.pushFrame(new EndTaskFrame('caller said bye'), 'upstream');
        processor.pushFrame(frame);
      });
      const { task } = createTask([ender, recorder]);
      task.queueFrames(texts('hello', 'bye', 'after'));
      await task.run();
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'TextFrame(hello)',
        'TextFrame(bye)',
        'TextFrame(after)',
        'EndFrame',
      ]);
      const end = recorder.seen.at(-1)?.frame;
      expect(EndFrame.is(end) && end.reason).toBe('caller said bye');
      expect(task.finishReason).toBe('end');
    });

    it('runs cleanup on every processor when it finishes, then emits finished once', async () => {
      const probes = [new CleanupProbe(), new CleanupProbe('throw'), new CleanupProbe('reject')];
      const { task, events } = createTask(probes);
      task.stopWhenDone();
      await task.run();
      await task.run();
      expect(probes.map((probe) => probe.cleanedUp)).toEqual([1, 1, 1]);
      expect(events).toEqual(['started', 'finished:end']);
    });

    it('ignores frames queued after it has finished', async () => {
      const recorder = new RecordingProcessor();
      const { task } = createTask([recorder]);
      task.stopWhenDone();
      await task.run();
      task.queueFrame(new TextFrame('late'));
      await flushMicrotasks();
      expect(recorder.labels()).toEqual(['StartFrame', 'EndFrame']);
    });
  });

  describe('cancel', () => {
    it('overtakes queued frames and finishes at once', async () => {
      const slow = new SlowProcessor();
      const recorder = new RecordingProcessor();
      const { task, events } = createTask([slow, recorder]);
      const running = task.run();
      task.queueFrames(texts('a', 'b', 'c'));
      task.stopWhenDone();
      await flushMicrotasks();
      await task.cancel('caller hung up');
      await running;
      expect(task.finishReason).toBe('cancel');
      expect(slow.began).toEqual(['TextFrame(a)']);
      expect(recorder.labels()).toEqual(['StartFrame', 'CancelFrame']);
      expect(events).toEqual(['started', 'finished:cancel']);
    });

    it('is bounded: a processor that hangs forever cannot keep cancel() from resolving after cancelTimeoutSecs', async () => {
      const { task, clock } = createTask([new HangsOnUserStartedSpeaking()], {
        cancelTimeoutSecs: 2,
      });
      void task.run();
      task.queueFrame(new UserStartedSpeakingFrame());
      await flushMicrotasks();
      let resolved = false;
      const cancelling = task.cancel().then(() => {
        resolved = true;
      });
      await clock.advance(1999);
      expect(resolved).toBe(false);
      await clock.advance(1);
      await cancelling;
      expect(task.finishReason).toBe('cancel-timeout');
      expect(clock.pendingTimers).toBe(0);
    });

    it('stays bounded when a processor never finishes its cleanup', async () => {
      const { task, clock, finished } = createTask([new CleanupProbe('hang')], {
        cancelTimeoutSecs: 3,
      });
      void task.run();
      await flushMicrotasks();
      let resolved = false;
      const cancelling = task.cancel().then(() => {
        resolved = true;
      });
      await clock.advance(2999);
      expect(resolved).toBe(false);
      await clock.advance(1);
      await cancelling;
      expect(finished).toEqual(['cancel']);
    });

    it('stays bounded when a processor never finishes its setup', async () => {
      class HangingSetup extends FrameProcessor {
        override async setup(): Promise<void> {
          await NEVER;
        }
      }
      const { task, clock } = createTask([new HangingSetup()], { cancelTimeoutSecs: 1 });
      const running = task.run();
      await flushMicrotasks();
      const cancelling = task.cancel();
      await clock.advance(1000);
      await cancelling;
      await running;
      expect(task.finishReason).toBe('cancel-timeout');
    });

    it('before run() finishes the task, cleans up its processors and emits finished', async () => {
      const probe = new CleanupProbe();
      const { task, events } = createTask([probe]);
      await task.cancel();
      expect(task.finishReason).toBe('cancel');
      expect(probe.cleanedUp).toBe(1);
      expect(events).toEqual(['finished:cancel']);
      await task.run();
      expect(probe.cleanedUp).toBe(1);
    });

    it('is cancelled when a processor pushes a CancelTaskFrame upstream', async () => {
      const recorder = new RecordingProcessor();
      const canceller = new OnText((processor) => {
        processor.pushFrame(new CancelTaskFrame('done'), 'upstream');
      });
      const { task } = createTask([canceller, recorder]);
      task.queueFrame(new TextFrame('cancel please'));
      await task.run();
      expect(task.finishReason).toBe('cancel');
      expect(recorder.labels()).toEqual(['StartFrame', 'CancelFrame']);
    });

    it('is cancelled by a fatal ErrorFrame', async () => {
      const failing = new OnText((processor) => {
        processor.pushError('the line is dead', { fatal: true });
      });
      const { task, errors } = createTask([failing]);
      task.queueFrame(new TextFrame('x'));
      await task.run();
      expect(errors.map((frame) => frame.error)).toEqual(['the line is dead']);
      expect(task.finishReason).toBe('cancel');
    });

    it('clears its timers when it finishes', async () => {
      const { task, clock } = createTask([new RecordingProcessor()], { idleTimeoutSecs: 5 });
      void task.run();
      await flushMicrotasks();
      await task.cancel();
      expect(clock.pendingTimers).toBe(0);
    });
  });

  describe('errors', () => {
    it('turns an exception in a processor into an error event and keeps the pipeline running', async () => {
      const recorder = new RecordingProcessor();
      const thrower = new OnText((processor, frame) => {
        if (frame.text === 'bad') throw new Error('cannot handle this');
        processor.pushFrame(frame);
      });
      const { task, errors, events } = createTask([thrower, recorder]);
      task.queueFrames(texts('bad', 'good'));
      task.stopWhenDone();
      await task.run();
      expect(errors).toHaveLength(1);
      expect(errors[0]?.error).toContain('cannot handle this');
      expect(errors[0]?.exception).toEqual(new Error('cannot handle this'));
      expect(errors[0]?.processor).toBe(thrower.name);
      expect(recorder.labels()).toEqual(['StartFrame', 'TextFrame(good)', 'EndFrame']);
      expect(events).toEqual(['started', 'error', 'finished:end']);
    });

    it('finishes the task and rejects run() when a processor setup fails', async () => {
      class FailingSetup extends FrameProcessor {
        override async setup(): Promise<void> {
          throw new Error('no credentials');
        }
      }
      const probe = new CleanupProbe();
      const { task, finished } = createTask([new FailingSetup(), probe]);
      await expect(task.run()).rejects.toThrow('no credentials');
      expect(task.hasFinished()).toBe(true);
      expect(probe.cleanedUp).toBe(1);
      expect(finished).toEqual(['cancel']);
      await expect(task.cancel()).resolves.toBeUndefined();
    });
  });

  describe('interruptions', () => {
    it("drops every processor's queued data frames but keeps EndFrame and StopFrame, across slow processors", async () => {
      const first = new SlowProcessor({ name: 'first' });
      const middle = new FrameProcessor();
      const second = new SlowProcessor({ name: 'second' });
      const recorder = new RecordingProcessor();
      const { task } = createTask([first, middle, second, recorder]);
      const running = task.run();
      task.queueFrames(texts('a', 'b', 'c', 'd'));
      await flushMicrotasks();
      first.releaseNext(); // a → second (held there)
      await flushMicrotasks();
      first.releaseNext(); // b → second (queued behind a)
      await flushMicrotasks();
      expect(second.began).toEqual(['TextFrame(a)']);
      expect(second.queuedFrameCount).toBe(1);
      expect(first.began).toEqual(['TextFrame(a)', 'TextFrame(b)', 'TextFrame(c)']);
      task.queueFrames([new StopFrame(), new TextFrame('e')]);
      task.stopWhenDone();
      await flushMicrotasks();
      expect(first.queuedFrameCount).toBe(4); // d, stop, e, end

      task.queueFrame(new InterruptionFrame());
      await flushMicrotasks();
      expect(first.queuedFrameCount).toBe(2); // stop, end
      expect(second.queuedFrameCount).toBe(0);
      while (first.waiting > 0 || second.waiting > 0) {
        first.releaseNext();
        second.releaseNext();
        await flushMicrotasks();
      }
      await running;
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'InterruptionFrame',
        'StopFrame',
        'EndFrame',
      ]);
      expect(first.began).toEqual([
        'TextFrame(a)',
        'TextFrame(b)',
        'TextFrame(c)',
        'StopFrame',
        'EndFrame',
      ]);
    });

    it('interrupts the whole pipeline when a processor pushes an InterruptionTaskFrame upstream', async () => {
      const slow = new SlowProcessor();
      const interrupter = new OnText((processor, frame) => {
        if (frame.text === 'barge in') processor.pushFrame(new InterruptionTaskFrame(), 'upstream');
      });
      const recorder = new RecordingProcessor();
      const { task } = createTask([slow, new Pipeline([interrupter]), recorder]);
      void task.run();
      task.queueFrames(texts('barge in', 'queued 1', 'queued 2'));
      await flushMicrotasks();
      expect(slow.queuedFrameCount).toBe(2);
      slow.releaseNext();
      await flushMicrotasks();
      expect(slow.queuedFrameCount).toBe(0);
      expect(recorder.labels()).toEqual(['StartFrame', 'InterruptionFrame']);
      await task.cancel();
    });
  });

  describe('idle timeout', () => {
    it('cancels a silent pipeline after idleTimeoutSecs', async () => {
      const { task, clock, events } = createTask([new RecordingProcessor()], {
        idleTimeoutSecs: 5,
      });
      const running = task.run();
      await clock.advance(4999);
      expect(task.hasFinished()).toBe(false);
      await clock.advance(1);
      await running;
      expect(task.finishReason).toBe('cancel');
      expect(events).toEqual(['started', 'idleTimeout', 'finished:cancel']);
    });

    it('restarts the wait on every activity frame, downstream or upstream', async () => {
      const recorder = new RecordingProcessor();
      const { task, clock } = createTask([recorder], { idleTimeoutSecs: 5 });
      void task.run();
      await clock.advance(4000);
      task.queueFrame(new BotSpeakingFrame());
      await clock.advance(4000);
      task.queueFrame(new UserSpeakingFrame());
      await clock.advance(4000);
      recorder.pushFrame(new BotSpeakingFrame(), 'upstream');
      await clock.advance(4999);
      expect(task.hasFinished()).toBe(false);
      await clock.advance(1);
      expect(task.hasFinished()).toBe(true);
    });

    it('does not count other frames as activity', async () => {
      const { task, clock } = createTask([new RecordingProcessor()], { idleTimeoutSecs: 5 });
      void task.run();
      await clock.advance(4000);
      task.queueFrames([new TextFrame('x'), new BotStartedSpeakingFrame()]);
      task.queueFrame(new OutputAudioRawFrame(new Int16Array(160), 8000));
      await clock.advance(1000);
      expect(task.hasFinished()).toBe(true);
    });

    it('counts the activity frames it is given, subclasses included', async () => {
      class PingFrame extends TextFrame {
        static override readonly type = 'PingFrame';
      }
      const { task, clock } = createTask([new RecordingProcessor()], {
        idleTimeoutSecs: 1,
        idleTimeoutFrames: [TextFrame],
      });
      void task.run();
      await clock.advance(900);
      task.queueFrame(new PingFrame('ping'));
      await clock.advance(900);
      expect(task.hasFinished()).toBe(false);
      await clock.advance(100);
      expect(task.hasFinished()).toBe(true);
    });

    it('only emits idleTimeout when cancelOnIdleTimeout is false', async () => {
      const { task, clock, events } = createTask([new RecordingProcessor()], {
        idleTimeoutSecs: 1,
        cancelOnIdleTimeout: false,
      });
      void task.run();
      await clock.advance(1000);
      expect(events).toEqual(['started', 'idleTimeout']);
      expect(task.hasFinished()).toBe(false);
      await task.cancel();
    });

    it('sets no idle timer unless idleTimeoutSecs is given', async () => {
      const { task, clock } = createTask([new RecordingProcessor()]);
      void task.run();
      await flushMicrotasks();
      expect(clock.pendingTimers).toBe(0);
      await clock.advance(3_600_000);
      expect(task.hasFinished()).toBe(false);
      await task.cancel();
    });
  });

  it('runs frames through nested pipelines to the end', async () => {
    const recorder = new RecordingProcessor();
    const inner = new Pipeline([new FrameProcessor(), new Pipeline([recorder])]);
    const { task } = createTask([new FrameProcessor(), inner, new FrameProcessor()]);
    task.queueFrames(texts('x'));
    task.stopWhenDone();
    await task.run();
    expect(recorder.labels()).toEqual(['StartFrame', 'TextFrame(x)', 'EndFrame']);
    expect(task.finishReason).toBe('end');
  });
});
