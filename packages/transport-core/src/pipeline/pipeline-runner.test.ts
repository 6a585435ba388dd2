import { describe, expect, it } from 'vitest';
import { flushMicrotasks, ManualClock } from '../clock/manual-clock.js';
import { RecordingProcessor } from './__fixtures__/test-processors.js';
import { FrameProcessor } from './frame-processor.js';
import { Pipeline } from './pipeline.js';
import { PipelineRunner, type PipelineRunnerSignal, type SignalSource } from './pipeline-runner.js';
import { PipelineTask } from './pipeline-task.js';

type Listener = (signal: PipelineRunnerSignal) => void;

/** Stands in for `process`: records listeners and can raise a signal. */
class FakeProcess implements SignalSource {
  readonly listeners = new Map<PipelineRunnerSignal, Listener[]>();
  on(signal: PipelineRunnerSignal, listener: Listener): this {
    this.listeners.set(signal, [...(this.listeners.get(signal) ?? []), listener]);
    return this;
  }
  off(signal: PipelineRunnerSignal, listener: Listener): this {
    this.listeners.set(
      signal,
      (this.listeners.get(signal) ?? []).filter((existing) => existing !== listener),
    );
    return this;
  }
  count(signal: PipelineRunnerSignal): number {
    return this.listeners.get(signal)?.length ?? 0;
  }
  raise(signal: PipelineRunnerSignal): void {
    for (const listener of this.listeners.get(signal) ?? []) listener(signal);
  }
}

function newTask(): PipelineTask {
  return new PipelineTask(new Pipeline([new RecordingProcessor()]), { clock: new ManualClock() });
}

describe('PipelineRunner', () => {
  it('installs no signal handlers unless asked', async () => {
    const fakeProcess = new FakeProcess();
    const runner = new PipelineRunner({ process: fakeProcess });
    const task = newTask();
    const running = runner.run(task);
    await flushMicrotasks();
    expect(fakeProcess.count('SIGINT')).toBe(0);
    expect(fakeProcess.count('SIGTERM')).toBe(0);
    expect(runner.runningTasks).toBe(1);
    task.stopWhenDone();
    await running;
    expect(runner.runningTasks).toBe(0);
  });

  it('installs only the handlers asked for', async () => {
    const fakeProcess = new FakeProcess();
    const runner = new PipelineRunner({ handleSigterm: true, process: fakeProcess });
    const task = newTask();
    const running = runner.run(task);
    expect(fakeProcess.count('SIGINT')).toBe(0);
    expect(fakeProcess.count('SIGTERM')).toBe(1);
    await task.cancel();
    await running;
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'cancels every running task on %s and removes its handlers afterwards',
    async (signal) => {
      const fakeProcess = new FakeProcess();
      const runner = new PipelineRunner({
        handleSigint: true,
        handleSigterm: true,
        process: fakeProcess,
      });
      const tasks = [newTask(), newTask()];
      const running = Promise.all(tasks.map((task) => runner.run(task)));
      await flushMicrotasks();
      expect(fakeProcess.count('SIGINT')).toBe(1);
      expect(fakeProcess.count('SIGTERM')).toBe(1);

      fakeProcess.raise(signal);
      await running;
      expect(tasks.map((task) => task.finishReason)).toEqual(['cancel', 'cancel']);
      expect(fakeProcess.count('SIGINT')).toBe(0);
      expect(fakeProcess.count('SIGTERM')).toBe(0);
    },
  );

  it('keeps its handlers while another task still runs', async () => {
    const fakeProcess = new FakeProcess();
    const runner = new PipelineRunner({ handleSigint: true, process: fakeProcess });
    const first = newTask();
    const second = newTask();
    const firstRunning = runner.run(first);
    const secondRunning = runner.run(second);
    expect(fakeProcess.count('SIGINT')).toBe(1);
    first.stopWhenDone();
    await firstRunning;
    expect(fakeProcess.count('SIGINT')).toBe(1);
    second.stopWhenDone();
    await secondRunning;
    expect(fakeProcess.count('SIGINT')).toBe(0);
  });

  it('removes its handlers even when a task fails to run', async () => {
    class FailingSetup extends FrameProcessor {
      override async setup(): Promise<void> {
        throw new Error('setup failed');
      }
    }
    const fakeProcess = new FakeProcess();
    const runner = new PipelineRunner({ handleSigint: true, process: fakeProcess });
    const task = new PipelineTask(new Pipeline([new FailingSetup()]), { clock: new ManualClock() });
    await expect(runner.run(task)).rejects.toThrow('setup failed');
    expect(fakeProcess.count('SIGINT')).toBe(0);
    expect(runner.runningTasks).toBe(0);
  });

  it('cancels every running task on cancelAll', async () => {
    const runner = new PipelineRunner({ process: new FakeProcess() });
    const tasks = [newTask(), newTask()];
    const running = Promise.all(tasks.map((task) => runner.run(task)));
    await flushMicrotasks();
    await runner.cancelAll('shutting down');
    await running;
    expect(tasks.map((task) => task.finishReason)).toEqual(['cancel', 'cancel']);
    expect(runner.runningTasks).toBe(0);
  });
});
