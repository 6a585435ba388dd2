import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import type { Frame } from '../frames/frame.js';
import { EndFrame, type ErrorFrame } from '../frames/lifecycle-frames.js';
import {
  BotSpeakingFrame,
  BotStartedSpeakingFrame,
  BotStoppedSpeakingFrame,
  UserIdleFrame,
  UserStartedSpeakingFrame,
  UserStoppedSpeakingFrame,
} from '../frames/speech-frames.js';
import { silentLogger } from '../logging/logger.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { PipelineTask } from '../pipeline/pipeline-task.js';
import { FrameRecorder } from '../transport/__fixtures__/harness.js';
import {
  USER_IDLE_END_REASON,
  UserIdleProcessor,
  type UserIdleProcessorOptions,
} from './user-idle-processor.js';

const TIMEOUT_SECS = 5;
const TIMEOUT_MS = TIMEOUT_SECS * 1000;

function setUp(options: Partial<UserIdleProcessorOptions> = {}) {
  const clock = new ManualClock();
  const idleCalls: number[] = [];
  const idle = new UserIdleProcessor({
    timeoutSecs: TIMEOUT_SECS,
    onIdle: (retryCount) => {
      idleCalls.push(retryCount);
    },
    ...options,
  });
  const recorder = new FrameRecorder();
  const task = new PipelineTask(new Pipeline([idle, recorder]), { clock, logger: silentLogger });
  const running = task.run();
  /** Queues frames at the pipeline's start and lets them through. */
  const send = async (...frames: Frame[]) => {
    task.queueFrames(frames);
    await clock.advance(0);
  };
  /** The retry counts of the `UserIdleFrame`s that went downstream. */
  const idleFrames = () =>
    recorder.ofType(UserIdleFrame.type).map((frame) => (frame as UserIdleFrame).retryCount);
  return { clock, idle, idleCalls, recorder, task, running, send, idleFrames };
}

/** The bot says something short: it starts and stops speaking. */
const botTurn = () => [new BotStartedSpeakingFrame(), new BotStoppedSpeakingFrame()];
/** The caller says something short. */
const userTurn = () => [new UserStartedSpeakingFrame(), new UserStoppedSpeakingFrame()];

describe('UserIdleProcessor', () => {
  it('reports the caller idle after timeoutSecs with neither side speaking, with the retry count', async () => {
    const { clock, idleCalls, send, idleFrames, task } = setUp();
    await clock.advance(0);
    await send(...botTurn()); // the greeting
    await clock.advance(TIMEOUT_MS - 1);
    expect(idleFrames()).toEqual([]);
    await clock.advance(1);
    expect(idleFrames()).toEqual([1]);
    expect(idleCalls).toEqual([1]);
    await task.cancel();
  });

  it('waits for the first conversation activity before counting', async () => {
    const { clock, send, idleFrames, task } = setUp();
    await clock.advance(0);
    await clock.advance(TIMEOUT_MS * 4);
    expect(idleFrames()).toEqual([]);
    await send(...userTurn());
    await clock.advance(TIMEOUT_MS);
    expect(idleFrames()).toEqual([1]);
    await task.cancel();
  });

  it('does not fire while the caller speaks, and counts from when they stop', async () => {
    const { clock, send, idleFrames, task } = setUp();
    await clock.advance(0);
    await send(new UserStartedSpeakingFrame());
    await clock.advance(TIMEOUT_MS * 3);
    expect(idleFrames()).toEqual([]);
    await send(new UserStoppedSpeakingFrame());
    await clock.advance(TIMEOUT_MS - 1);
    expect(idleFrames()).toEqual([]);
    await clock.advance(1);
    expect(idleFrames()).toEqual([1]);
    await task.cancel();
  });

  it('does not fire while the bot speaks, and counts from when it stops', async () => {
    const { clock, send, idleFrames, task } = setUp();
    await clock.advance(0);
    await send(new BotStartedSpeakingFrame());
    await clock.advance(TIMEOUT_MS * 3);
    expect(idleFrames()).toEqual([]);
    await send(new BotStoppedSpeakingFrame());
    await clock.advance(TIMEOUT_MS - 1);
    expect(idleFrames()).toEqual([]);
    await clock.advance(1);
    expect(idleFrames()).toEqual([1]);
    await task.cancel();
  });

  it('starts counting again on activity', async () => {
    const { clock, send, idleFrames, task } = setUp();
    await clock.advance(0);
    await send(...userTurn());
    await clock.advance(3000);
    await send(...botTurn());
    await clock.advance(3000);
    await send(new BotSpeakingFrame()); // a periodic speaking frame counts too
    await clock.advance(TIMEOUT_MS - 1);
    expect(idleFrames()).toEqual([]);
    await clock.advance(1);
    expect(idleFrames()).toEqual([1]);
    await task.cancel();
  });

  it('counts up while the caller stays idle, through the bot prompts; caller speech starts over', async () => {
    const { clock, send, idleFrames, idle, task } = setUp();
    await clock.advance(0);
    await send(...userTurn());
    await clock.advance(TIMEOUT_MS);
    await send(...botTurn()); // "are you still there?"
    await clock.advance(TIMEOUT_MS);
    expect(idleFrames()).toEqual([1, 2]);
    expect(idle.retryCount).toBe(2);
    await send(...userTurn()); // "yes"
    expect(idle.retryCount).toBe(0);
    await clock.advance(TIMEOUT_MS);
    expect(idleFrames()).toEqual([1, 2, 1]);
    await task.cancel();
  });

  it('repeats maxRetries times, then ends the call with endCallAfterRetries', async () => {
    const { clock, send, idleFrames, idleCalls, recorder, task, running } = setUp({
      maxRetries: 2,
      endCallAfterRetries: true,
    });
    await clock.advance(0);
    await send(...userTurn());
    await clock.advance(TIMEOUT_MS * 2);
    expect(idleFrames()).toEqual([1, 2]);
    expect(task.hasFinished()).toBe(false);
    await clock.advance(TIMEOUT_MS);
    await running;
    expect(task.finishReason).toBe('end');
    const end = recorder.ofType(EndFrame.type)[0] as EndFrame;
    expect(end.reason).toBe(USER_IDLE_END_REASON);
    expect(idleFrames()).toEqual([1, 2]);
    expect(idleCalls).toEqual([1, 2]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('after maxRetries without endCallAfterRetries, waits quietly until the caller speaks', async () => {
    const { clock, send, idleFrames, task } = setUp({ maxRetries: 1 });
    await clock.advance(0);
    await send(...userTurn());
    await clock.advance(TIMEOUT_MS);
    await send(...botTurn());
    await clock.advance(TIMEOUT_MS * 5);
    expect(idleFrames()).toEqual([1]);
    expect(task.hasFinished()).toBe(false);
    await send(...userTurn());
    await clock.advance(TIMEOUT_MS);
    expect(idleFrames()).toEqual([1, 1]);
    await task.cancel();
  });

  it('stops watching when onIdle returns false, until the caller speaks again', async () => {
    const answers = [false, true];
    const calls: number[] = [];
    const { clock, idle, send, idleFrames, task } = setUp({
      onIdle: async (retryCount) => {
        calls.push(retryCount);
        return answers.shift();
      },
    });
    await clock.advance(0);
    await send(...botTurn());
    await clock.advance(TIMEOUT_MS);
    expect(idleFrames()).toEqual([1]);
    expect(idle.paused).toBe(true);
    await clock.advance(TIMEOUT_MS * 5);
    expect(idleFrames()).toEqual([1]); // nothing more while paused, the bot's turns included
    await send(...botTurn());
    await clock.advance(TIMEOUT_MS * 2);
    expect(idleFrames()).toEqual([1]);
    await send(...userTurn()); // the caller speaks: watching again, counted afresh
    expect(idle.paused).toBe(false);
    await clock.advance(TIMEOUT_MS);
    await clock.advance(TIMEOUT_MS);
    expect(idleFrames()).toEqual([1, 1, 2]);
    expect(calls).toEqual([1, 1, 2]);
    await task.cancel();
  });

  it('reports an onIdle failure as an error and keeps watching', async () => {
    const { clock, send, idleFrames, task } = setUp({
      onIdle: () => {
        throw new Error('no prompt');
      },
    });
    const errors: ErrorFrame[] = [];
    task.on('error', (_task, frame) => {
      errors.push(frame);
    });
    await clock.advance(0);
    await send(...userTurn());
    await clock.advance(TIMEOUT_MS * 2);
    expect(errors.map((frame) => frame.error)).toEqual([
      expect.stringContaining('onIdle failed: no prompt'),
      expect.stringContaining('onIdle failed: no prompt'),
    ]);
    expect(idleFrames()).toEqual([1, 2]);
    await task.cancel();
  });

  it('holds no timer once the call has ended', async () => {
    const { clock, send, task, running } = setUp();
    await clock.advance(0);
    await send(...userTurn());
    expect(clock.pendingTimers).toBe(1);
    task.stopWhenDone();
    await clock.advance(0);
    await running;
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses options out of range, naming them', () => {
    expect(() => new UserIdleProcessor({ timeoutSecs: 0 })).toThrow(/timeoutSecs.*0/);
    expect(() => new UserIdleProcessor({ timeoutSecs: 5, maxRetries: 1.5 })).toThrow(
      /maxRetries.*1\.5/,
    );
    expect(() => new UserIdleProcessor({ timeoutSecs: 5, endCallAfterRetries: true })).toThrow(
      /endCallAfterRetries needs maxRetries/,
    );
  });
});
