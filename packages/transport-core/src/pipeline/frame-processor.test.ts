import { describe, expect, it } from 'vitest';
import { flushMicrotasks } from '../clock/manual-clock.js';
import { InputAudioRawFrame, OutputAudioRawFrame } from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import {
  CancelFrame,
  EndFrame,
  ErrorFrame,
  InterruptionFrame,
  StartFrame,
  StopFrame,
} from '../frames/lifecycle-frames.js';
import {
  BotSpeakingFrame,
  TTSStartedFrame,
  TTSStoppedFrame,
  UserStartedSpeakingFrame,
} from '../frames/speech-frames.js';
import { TextFrame } from '../frames/transport-frames.js';
import {
  Deferred,
  NEVER,
  RecordingProcessor,
  SlowProcessor,
  texts,
} from './__fixtures__/test-processors.js';
import type { FrameDirection } from './frame-direction.js';
import { FrameProcessor } from './frame-processor.js';

/** Links processors in a row and returns the first. */
function chain(...processors: FrameProcessor[]): FrameProcessor {
  processors.reduce((previous, next) => previous.link(next));
  return processors[0]!;
}

function feed(processor: FrameProcessor, frames: Frame[]): void {
  for (const frame of frames) processor.queueFrame(frame, 'downstream');
}

async function started(...processors: FrameProcessor[]): Promise<void> {
  chain(...processors);
  processors[0]!.queueFrame(new StartFrame());
  await flushMicrotasks();
}

describe('FrameProcessor', () => {
  describe('before the StartFrame', () => {
    it('processes nothing, then runs the start, the waiting system frames, then the data in arrival order', async () => {
      const recorder = new RecordingProcessor();
      feed(recorder, [
        new TextFrame('a'),
        new UserStartedSpeakingFrame(),
        new TTSStartedFrame(),
        new TextFrame('b'),
        new BotSpeakingFrame(),
      ]);
      await flushMicrotasks();
      expect(recorder.seen).toEqual([]);
      expect(recorder.started).toBe(false);
      expect(recorder.queuedFrameCount).toBe(5);

      recorder.queueFrame(new StartFrame());
      await flushMicrotasks();
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'UserStartedSpeakingFrame',
        'BotSpeakingFrame',
        'TextFrame(a)',
        'TTSStartedFrame',
        'TextFrame(b)',
      ]);
      expect(recorder.started).toBe(true);
      expect(recorder.queuedFrameCount).toBe(0);
    });

    it('keeps waiting data behind a waiting system frame whose handler is still running', async () => {
      const gate = new Deferred();
      const order: string[] = [];
      class SlowSystemHandler extends FrameProcessor {
        protected override async processFrame(frame: Frame): Promise<void> {
          order.push(frame.type);
          if (UserStartedSpeakingFrame.is(frame)) {
            await gate.promise;
            order.push('UserStartedSpeakingFrame done');
          }
        }
      }
      const processor = new SlowSystemHandler();
      feed(processor, [new UserStartedSpeakingFrame(), new TextFrame('a')]);
      processor.queueFrame(new StartFrame());
      await flushMicrotasks();
      expect(order).toEqual(['StartFrame', 'UserStartedSpeakingFrame']);
      processor.queueFrame(new TextFrame('late'));
      await flushMicrotasks();
      expect(order).toEqual(['StartFrame', 'UserStartedSpeakingFrame']);

      gate.resolve();
      await flushMicrotasks();
      expect(order).toEqual([
        'StartFrame',
        'UserStartedSpeakingFrame',
        'UserStartedSpeakingFrame done',
        'TextFrame',
        'TextFrame',
      ]);
    });

    it('holds frames that arrive while its own start handler is still running', async () => {
      const gate = new Deferred();
      const order: string[] = [];
      class SlowStart extends FrameProcessor {
        protected override async processFrame(frame: Frame): Promise<void> {
          if (StartFrame.is(frame)) await gate.promise;
          order.push(frame.type);
        }
      }
      const processor = new SlowStart();
      processor.queueFrame(new StartFrame());
      feed(processor, [new TextFrame('a'), new BotSpeakingFrame()]);
      await flushMicrotasks();
      expect(order).toEqual([]);
      gate.resolve();
      await flushMicrotasks();
      expect(order).toEqual(['StartFrame', 'BotSpeakingFrame', 'TextFrame']);
    });

    it('handles a system frame queued by a data handler that ran when the waiting frames were released', async () => {
      const order: string[] = [];
      class Reacts extends FrameProcessor {
        protected override async processFrame(frame: Frame): Promise<void> {
          order.push(frame.type);
          if (TextFrame.is(frame)) this.queueFrame(new BotSpeakingFrame());
        }
      }
      const processor = new Reacts();
      processor.queueFrame(new StartFrame());
      processor.queueFrame(new TextFrame('early'));
      await flushMicrotasks();
      expect(order).toEqual(['StartFrame', 'TextFrame', 'BotSpeakingFrame']);
    });

    it('takes allowInterruptions from the StartFrame', async () => {
      const processor = new RecordingProcessor();
      processor.queueFrame(new StartFrame({ allowInterruptions: false }));
      await flushMicrotasks();
      expect(processor.interruptionsAllowed).toBe(false);
    });
  });

  describe('ordering', () => {
    it('handles system frames at once, overtaking queued data and control frames', async () => {
      const slow = new SlowProcessor();
      const recorder = new RecordingProcessor();
      await started(slow, recorder);
      feed(slow, [new TextFrame('a'), new TTSStartedFrame(), new TextFrame('b')]);
      slow.queueFrame(new BotSpeakingFrame());
      await flushMicrotasks();
      expect(recorder.labels()).toEqual(['StartFrame', 'BotSpeakingFrame']);
      expect(slow.queuedFrameCount).toBe(2);

      for (let index = 0; index < 3; index++) {
        slow.releaseNext();
        await flushMicrotasks();
      }
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'BotSpeakingFrame',
        'TextFrame(a)',
        'TTSStartedFrame',
        'TextFrame(b)',
      ]);
    });

    it('handles data and control frames one at a time, in order', async () => {
      const slow = new SlowProcessor();
      await started(slow);
      feed(slow, texts('a', 'b', 'c'));
      await flushMicrotasks();
      expect(slow.began).toEqual(['TextFrame(a)']);
      slow.releaseNext();
      await flushMicrotasks();
      expect(slow.began).toEqual(['TextFrame(a)', 'TextFrame(b)']);
      expect(slow.waiting).toBe(1);
    });

    it('handles system frames one at a time, in arrival order, even when a handler is async', async () => {
      const gate = new Deferred();
      const order: string[] = [];
      class SlowFirstSystemFrame extends FrameProcessor {
        protected override async processFrame(frame: Frame): Promise<void> {
          order.push(`${frame.type} begins`);
          if (UserStartedSpeakingFrame.is(frame)) await gate.promise;
          order.push(`${frame.type} ends`);
        }
      }
      const processor = new SlowFirstSystemFrame();
      await started(processor);
      order.length = 0;
      feed(processor, [new UserStartedSpeakingFrame(), new BotSpeakingFrame()]);
      await flushMicrotasks();
      expect(order).toEqual(['UserStartedSpeakingFrame begins']);
      gate.resolve();
      await flushMicrotasks();
      expect(order).toEqual([
        'UserStartedSpeakingFrame begins',
        'UserStartedSpeakingFrame ends',
        'BotSpeakingFrame begins',
        'BotSpeakingFrame ends',
      ]);
    });

    it('passes every frame on in its own direction by default', async () => {
      const upstreamEnd = new RecordingProcessor();
      const middle = new FrameProcessor();
      const downstreamEnd = new RecordingProcessor();
      await started(upstreamEnd, middle, downstreamEnd);
      middle.queueFrame(new TextFrame('down'), 'downstream');
      middle.queueFrame(new TextFrame('up'), 'upstream');
      await flushMicrotasks();
      expect(downstreamEnd.labels('downstream')).toEqual(['StartFrame', 'TextFrame(down)']);
      expect(upstreamEnd.labels('upstream')).toEqual(['TextFrame(up)']);
    });
  });

  describe('interruptions', () => {
    it('drops queued data and control frames but keeps EndFrame and StopFrame, in order', async () => {
      const slow = new SlowProcessor();
      const recorder = new RecordingProcessor();
      await started(slow, recorder);
      feed(slow, [
        new TextFrame('a'),
        new TextFrame('b'),
        new TTSStoppedFrame(),
        new EndFrame(),
        new TextFrame('c'),
        new StopFrame(),
        new TextFrame('d'),
      ]);
      await flushMicrotasks();
      expect(slow.queuedFrameCount).toBe(6);

      slow.queueFrame(new InterruptionFrame());
      await flushMicrotasks();
      expect(slow.queuedFrameCount).toBe(2);
      for (let index = 0; index < 3; index++) {
        slow.releaseNext();
        await flushMicrotasks();
      }
      expect(slow.began).toEqual(['TextFrame(a)', 'EndFrame', 'StopFrame']);
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'InterruptionFrame',
        'EndFrame',
        'StopFrame',
      ]);
    });

    it('lets frames queued after the interruption through', async () => {
      const slow = new SlowProcessor();
      const recorder = new RecordingProcessor();
      await started(slow, recorder);
      feed(slow, texts('old', 'stale'));
      slow.queueFrame(new InterruptionFrame());
      feed(slow, texts('new'));
      await flushMicrotasks();
      slow.releaseNext(); // old: its output is stale
      await flushMicrotasks();
      slow.releaseNext(); // new
      await flushMicrotasks();
      expect(recorder.labels()).toEqual(['StartFrame', 'InterruptionFrame', 'TextFrame(new)']);
    });

    it('keeps data that arrives after an interruption waiting behind a slow system handler, and drops data before it', async () => {
      const gate = new Deferred();
      class SlowOnSpeaking extends FrameProcessor {
        protected override async processFrame(frame: Frame, direction: FrameDirection) {
          if (BotSpeakingFrame.is(frame)) await gate.promise;
          this.pushFrame(frame, direction);
        }
      }
      const slowSystem = new SlowOnSpeaking();
      const recorder = new RecordingProcessor();
      await started(slowSystem, recorder);
      slowSystem.queueFrame(new BotSpeakingFrame()); // still being handled...
      feed(slowSystem, texts('before'));
      slowSystem.queueFrame(new InterruptionFrame()); // ...when the interruption arrives
      feed(slowSystem, texts('goodbye')); // and the frame pushed right after it
      await flushMicrotasks();
      expect(recorder.labels()).toEqual(['StartFrame']);
      gate.resolve();
      await flushMicrotasks();
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'BotSpeakingFrame',
        'InterruptionFrame',
        'TextFrame(goodbye)',
      ]);
    });

    it('drops the output a data handler pushes after an interruption overtook it', async () => {
      const gate = new Deferred();
      class Responder extends FrameProcessor {
        protected override async processFrame(frame: Frame, direction: FrameDirection) {
          if (!TextFrame.is(frame)) return this.pushFrame(frame, direction);
          this.pushFrame(new TextFrame(`${frame.text}: first part`));
          await gate.promise;
          this.pushFrame(new TextFrame(`${frame.text}: second part`));
          this.pushFrame(new TextFrame(`${frame.text}: upstream note`), 'upstream');
          this.pushFrame(new BotSpeakingFrame()); // system frames still go through
        }
      }
      const upstream = new RecordingProcessor();
      const responder = new Responder();
      const recorder = new RecordingProcessor();
      await started(upstream, responder, recorder);
      responder.queueFrame(new TextFrame('q'));
      await flushMicrotasks();
      responder.queueFrame(new InterruptionFrame());
      gate.resolve();
      await flushMicrotasks();
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'TextFrame(q: first part)',
        'InterruptionFrame',
        'BotSpeakingFrame',
      ]);
      expect(upstream.labels('upstream')).toEqual([]);
    });

    it('still passes data pushed by a system frame handler while a stale data handler is pending', async () => {
      const gate = new Deferred();
      class Echo extends FrameProcessor {
        protected override async processFrame(frame: Frame, direction: FrameDirection) {
          if (InputAudioRawFrame.is(frame)) {
            this.pushFrame(new OutputAudioRawFrame(frame.audio, frame.sampleRate));
          } else if (TextFrame.is(frame)) {
            await gate.promise;
            this.pushFrame(frame, direction);
          } else {
            this.pushFrame(frame, direction);
          }
        }
      }
      const echo = new Echo();
      const recorder = new RecordingProcessor();
      await started(echo, recorder);
      echo.queueFrame(new TextFrame('slow'));
      echo.queueFrame(new InterruptionFrame());
      echo.queueFrame(new InputAudioRawFrame(new Int16Array(160), 8000));
      await flushMicrotasks();
      expect(recorder.labels()).toEqual(['StartFrame', 'InterruptionFrame', 'OutputAudioRawFrame']);
      gate.resolve();
      await flushMicrotasks();
      expect(recorder.labels()).toEqual(['StartFrame', 'InterruptionFrame', 'OutputAudioRawFrame']);
    });

    it('does not interrupt an uninterruptible frame in progress: its handler output still goes through', async () => {
      const gate = new Deferred();
      let signalAborted: boolean | undefined;
      class FlushOnEnd extends FrameProcessor {
        protected override async processFrame(frame: Frame, direction: FrameDirection) {
          if (EndFrame.is(frame)) {
            const signal = this.interruptionSignal;
            await gate.promise;
            signalAborted = signal.aborted;
            this.pushFrame(new TextFrame('flushed'));
          }
          this.pushFrame(frame, direction);
        }
      }
      const flusher = new FlushOnEnd();
      const recorder = new RecordingProcessor();
      await started(flusher, recorder);
      flusher.queueFrame(new EndFrame());
      await flushMicrotasks();
      flusher.queueFrame(new InterruptionFrame());
      await flushMicrotasks();
      gate.resolve();
      await flushMicrotasks();
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'InterruptionFrame',
        'TextFrame(flushed)',
        'EndFrame',
      ]);
      expect(signalAborted).toBe(false);
    });

    it('aborts interruptionSignal when an interruption overtakes the frame being processed', async () => {
      const signals: AbortSignal[] = [];
      class LongHandler extends FrameProcessor {
        protected override async processFrame(frame: Frame, direction: FrameDirection) {
          if (!TextFrame.is(frame)) return this.pushFrame(frame, direction);
          const signal = this.interruptionSignal;
          signals.push(signal);
          if (frame.text === 'long') {
            await new Promise((resolve) => signal.addEventListener('abort', resolve));
          }
        }
      }
      const processor = new LongHandler();
      await started(processor);
      processor.queueFrame(new TextFrame('long'));
      await flushMicrotasks();
      expect(signals[0]?.aborted).toBe(false);
      processor.queueFrame(new InterruptionFrame());
      processor.queueFrame(new TextFrame('next'));
      await flushMicrotasks();
      expect(signals).toHaveLength(2);
      expect(signals[0]?.aborted).toBe(true);
      expect(signals[1]?.aborted).toBe(false);
    });
  });

  describe('errors', () => {
    class Thrower extends FrameProcessor {
      protected override processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
        if (TextFrame.is(frame) && frame.text === 'throw') throw new Error('sync failure');
        if (TextFrame.is(frame) && frame.text === 'reject') {
          return Promise.reject(new Error('async failure'));
        }
        if (BotSpeakingFrame.is(frame)) throw new Error('system failure');
        this.pushFrame(frame, direction);
        return Promise.resolve();
      }
    }

    it('turns an exception into an ErrorFrame pushed upstream and goes on with the next frame', async () => {
      const upstream = new RecordingProcessor();
      const thrower = new Thrower({ name: 'thrower' });
      const downstream = new RecordingProcessor();
      await started(upstream, thrower, downstream);
      feed(thrower, [
        new TextFrame('throw'),
        new TextFrame('ok 1'),
        new TextFrame('reject'),
        new BotSpeakingFrame(),
        new TextFrame('ok 2'),
      ]);
      await flushMicrotasks();

      expect(downstream.labels()).toEqual(['StartFrame', 'TextFrame(ok 1)', 'TextFrame(ok 2)']);
      const errors = upstream.seen
        .map((item) => item.frame)
        .filter((frame) => ErrorFrame.is(frame));
      expect(upstream.labels('upstream')).toEqual(['ErrorFrame', 'ErrorFrame', 'ErrorFrame']);
      expect(errors.map((frame) => frame.processor)).toEqual(['thrower', 'thrower', 'thrower']);
      const messages = errors.map((frame) => (frame.exception as Error).message);
      expect(messages.sort()).toEqual(['async failure', 'sync failure', 'system failure']);
      const syncError = errors.find((frame) => frame.error.endsWith('sync failure'));
      expect(syncError?.error).toMatch(/^thrower failed on TextFrame#\d+: sync failure$/);
      expect(errors.every((frame) => !frame.fatal)).toBe(true);
    });

    it('sends pushError upstream as an ErrorFrame naming the processor', async () => {
      const upstream = new RecordingProcessor();
      const processor = new FrameProcessor({ name: 'source of trouble' });
      await started(upstream, processor);
      processor.pushError('lost the line', { fatal: true });
      const error = upstream.seen.at(-1)?.frame;
      expect(ErrorFrame.is(error) && error.error).toBe('lost the line');
      expect(ErrorFrame.is(error) && error.fatal).toBe(true);
      expect(ErrorFrame.is(error) && error.processor).toBe('source of trouble');
    });
  });

  describe('cancellation', () => {
    it('discards queued frames on a CancelFrame and drops every later frame', async () => {
      const slow = new SlowProcessor();
      const recorder = new RecordingProcessor();
      await started(slow, recorder);
      feed(slow, texts('a', 'b', 'c'));
      await flushMicrotasks();
      slow.queueFrame(new CancelFrame('bye'));
      await flushMicrotasks();
      expect(slow.cancelling).toBe(true);
      expect(slow.queuedFrameCount).toBe(0);
      expect(recorder.labels()).toEqual(['StartFrame', 'CancelFrame']);

      slow.releaseNext();
      feed(slow, [new TextFrame('later'), new BotSpeakingFrame()]);
      await flushMicrotasks();
      expect(slow.began).toEqual(['TextFrame(a)']);
      expect(recorder.labels()).toEqual(['StartFrame', 'CancelFrame']);
    });

    it('lets a CancelFrame overtake a data handler that never finishes', async () => {
      class Stuck extends FrameProcessor {
        protected override async processFrame(frame: Frame, direction: FrameDirection) {
          if (TextFrame.is(frame)) await NEVER;
          this.pushFrame(frame, direction);
        }
      }
      const stuck = new Stuck();
      const recorder = new RecordingProcessor();
      await started(stuck, recorder);
      feed(stuck, [new TextFrame('a'), new CancelFrame()]);
      await flushMicrotasks();
      expect(recorder.labels()).toEqual(['StartFrame', 'CancelFrame']);
    });

    it('drops frames waiting for the start when cancelled', async () => {
      const recorder = new RecordingProcessor();
      feed(recorder, [new TextFrame('early'), new CancelFrame()]);
      recorder.queueFrame(new StartFrame());
      await flushMicrotasks();
      expect(recorder.labels()).toEqual(['StartFrame', 'CancelFrame']);
      expect(recorder.queuedFrameCount).toBe(0);
    });
  });

  describe('synchronous handlers', () => {
    /** Passes every frame on without a promise; records what it saw. */
    class SyncRecorder extends FrameProcessor {
      readonly seen: string[] = [];
      protected override processFrame(frame: Frame, direction: FrameDirection): void {
        this.seen.push(frame.type);
        this.pushFrame(frame, direction);
      }
    }

    it('hand system frames through a row of processors at once, without waiting for a promise', async () => {
      const first = new SyncRecorder();
      const second = new SyncRecorder();
      const last = new RecordingProcessor();
      await started(first, second, last);
      first.queueFrame(new InputAudioRawFrame(new Int16Array(160), 8000));
      first.queueFrame(new UserStartedSpeakingFrame());
      expect(second.seen).toEqual(['StartFrame', 'InputAudioRawFrame', 'UserStartedSpeakingFrame']);
      await flushMicrotasks();
      expect(last.labels()).toEqual([
        'StartFrame',
        'InputAudioRawFrame',
        'UserStartedSpeakingFrame',
      ]);
    });

    it('hold the frames after one whose handler returns a promise until it settles, in order', async () => {
      const gate = new Deferred();
      const order: string[] = [];
      class SometimesAsync extends FrameProcessor {
        protected override processFrame(
          frame: Frame,
          direction: FrameDirection,
        ): Promise<void> | void {
          order.push(`begin ${frame.type}`);
          if (!UserStartedSpeakingFrame.is(frame)) {
            this.pushFrame(frame, direction);
            return;
          }
          return gate.promise.then(() => {
            order.push(`end ${frame.type}`);
            this.pushFrame(frame, direction);
          });
        }
      }
      const processor = new SometimesAsync();
      const recorder = new RecordingProcessor();
      await started(processor, recorder);
      processor.queueFrame(new UserStartedSpeakingFrame());
      processor.queueFrame(new InputAudioRawFrame(new Int16Array(160), 8000));
      processor.queueFrame(new TextFrame('data'));
      await flushMicrotasks();
      expect(order).toEqual(['begin StartFrame', 'begin UserStartedSpeakingFrame']);
      gate.resolve();
      await flushMicrotasks();
      expect(order.slice(2)).toEqual([
        'end UserStartedSpeakingFrame',
        'begin InputAudioRawFrame',
        'begin TextFrame',
      ]);
      expect(recorder.labels()).toEqual([
        'StartFrame',
        'UserStartedSpeakingFrame',
        'InputAudioRawFrame',
        'TextFrame(data)',
      ]);
    });

    it('report a synchronous throw and go on with the next frame', async () => {
      class Throwing extends FrameProcessor {
        protected override processFrame(frame: Frame, direction: FrameDirection): void {
          if (UserStartedSpeakingFrame.is(frame)) throw new Error('sync failure');
          this.pushFrame(frame, direction);
        }
      }
      const upstream = new RecordingProcessor();
      const processor = new Throwing();
      const recorder = new RecordingProcessor();
      await started(upstream, processor, recorder);
      processor.queueFrame(new UserStartedSpeakingFrame());
      processor.queueFrame(new BotSpeakingFrame());
      await flushMicrotasks();
      expect(recorder.labels()).toEqual(['StartFrame', 'BotSpeakingFrame']);
      const errors = upstream.seen.filter((item) => ErrorFrame.is(item.frame));
      expect(errors).toHaveLength(1);
    });
  });

  it('broadcasts sibling frames downstream and upstream, each knowing the other', async () => {
    const upstream = new RecordingProcessor();
    const processor = new FrameProcessor();
    const downstream = new RecordingProcessor();
    await started(upstream, processor, downstream);
    processor.broadcastFrame(() => new BotSpeakingFrame());
    const down = downstream.seen.at(-1)?.frame;
    const up = upstream.seen.at(-1)?.frame;
    expect(BotSpeakingFrame.is(down) && BotSpeakingFrame.is(up)).toBe(true);
    expect(down).not.toBe(up);
    expect(down?.broadcastSiblingId).toBe(up?.id);
    expect(up?.broadcastSiblingId).toBe(down?.id);
  });

  it('names itself after its class unless given a name', () => {
    class Greeter extends FrameProcessor {}
    expect(new Greeter().name).toMatch(/^Greeter#\d+$/);
    expect(new Greeter({ name: 'greeter' }).name).toBe('greeter');
  });

  it('forgets queued frames on cleanup', async () => {
    const slow = new SlowProcessor();
    await started(slow);
    feed(slow, texts('a', 'b'));
    await flushMicrotasks();
    await slow.cleanup();
    expect(slow.queuedFrameCount).toBe(0);
  });
});
