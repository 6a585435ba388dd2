import { describe, expect, it } from 'vitest';
import type { Logger } from '../logging/logger.js';
import { TypedEventEmitter } from './typed-event-emitter.js';

type Events = {
  greeted: [name: string, times: number];
  closed: [];
};

function recordingLogger(): Logger & { errors: { fields: unknown; message: unknown }[] } {
  const errors: { fields: unknown; message: unknown }[] = [];
  const ignore = () => {};
  return {
    errors,
    debug: ignore,
    info: ignore,
    warn: ignore,
    error: (fields, message) => {
      errors.push({ fields, message });
    },
  };
}

describe('TypedEventEmitter', () => {
  it('calls every handler of an event with its arguments, in the order they were added', async () => {
    const emitter = new TypedEventEmitter<Events>();
    const calls: string[] = [];
    emitter.on('greeted', (name, times) => {
      calls.push(`first ${name} ${times}`);
    });
    emitter.on('greeted', (name) => {
      calls.push(`second ${name}`);
    });
    emitter.on('closed', () => {
      calls.push('closed');
    });
    await emitter.emit('greeted', 'ada', 2);
    expect(calls).toEqual(['first ada 2', 'second ada']);
  });

  it('resolves emit only when async handlers have settled', async () => {
    const emitter = new TypedEventEmitter<Events>();
    let done = false;
    emitter.on('closed', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      done = true;
    });
    await emitter.emit('closed');
    expect(done).toBe(true);
  });

  it('catches, logs and reports a synchronous throw without stopping the other handlers', async () => {
    const logger = recordingLogger();
    const reported: [string, unknown][] = [];
    const emitter = new TypedEventEmitter<Events>({
      logger,
      onHandlerError: (event, error) => reported.push([event, error]),
    });
    const failure = new Error('sync boom');
    let secondCalled = false;
    emitter.on('closed', () => {
      throw failure;
    });
    emitter.on('closed', () => {
      secondCalled = true;
    });
    await expect(emitter.emit('closed')).resolves.toBeUndefined();
    expect(secondCalled).toBe(true);
    expect(reported).toEqual([['closed', failure]]);
    expect(logger.errors).toEqual([
      { fields: { event: 'closed', err: failure }, message: 'error in "closed" event handler' },
    ]);
  });

  it('catches, logs and reports an async rejection; emit never rejects', async () => {
    const logger = recordingLogger();
    const reported: unknown[] = [];
    const emitter = new TypedEventEmitter<Events>({
      logger,
      onHandlerError: (_event, error) => reported.push(error),
    });
    emitter.on('greeted', async () => {
      throw new Error('async boom');
    });
    await expect(emitter.emit('greeted', 'bob', 1)).resolves.toBeUndefined();
    expect((reported[0] as Error).message).toBe('async boom');
    expect(logger.errors).toHaveLength(1);
  });

  it('survives a logger and an error reporter that throw themselves', async () => {
    const throwing = () => {
      throw new Error('reporter broken');
    };
    const emitter = new TypedEventEmitter<Events>({
      logger: { debug: throwing, info: throwing, warn: throwing, error: throwing },
      onHandlerError: throwing,
    });
    emitter.on('closed', () => {
      throw new Error('sync');
    });
    emitter.on('closed', async () => {
      throw new Error('async');
    });
    await expect(emitter.emit('closed')).resolves.toBeUndefined();
  });

  it('calls a once handler for the next emit only', async () => {
    const emitter = new TypedEventEmitter<Events>();
    const names: string[] = [];
    emitter.once('greeted', (name) => {
      names.push(name);
    });
    expect(emitter.listenerCount('greeted')).toBe(1);
    await emitter.emit('greeted', 'first', 1);
    await emitter.emit('greeted', 'second', 1);
    expect(names).toEqual(['first']);
    expect(emitter.listenerCount('greeted')).toBe(0);
  });

  it('removes a once handler with off(event, handler) before it fires', async () => {
    const emitter = new TypedEventEmitter<Events>();
    let called = false;
    const handler = () => {
      called = true;
    };
    emitter.once('closed', handler);
    emitter.off('closed', handler);
    await emitter.emit('closed');
    expect(called).toBe(false);
    expect(emitter.listenerCount('closed')).toBe(0);
  });

  it('removes handlers with off or with the function on() returns', async () => {
    const emitter = new TypedEventEmitter<Events>();
    const calls: string[] = [];
    const kept = () => {
      calls.push('kept');
    };
    const removed = () => {
      calls.push('removed');
    };
    emitter.on('closed', kept);
    emitter.on('closed', removed);
    const unsubscribe = emitter.on('closed', () => {
      calls.push('unsubscribed');
    });
    expect(emitter.listenerCount('closed')).toBe(3);
    emitter.off('closed', removed);
    unsubscribe();
    emitter.off('closed', () => {}); // unknown handler: ignored
    expect(emitter.listenerCount('closed')).toBe(1);
    await emitter.emit('closed');
    expect(calls).toEqual(['kept']);
  });

  it('does not call a handler added during an emit until the next one', async () => {
    const emitter = new TypedEventEmitter<Events>();
    const calls: string[] = [];
    emitter.on('closed', () => {
      calls.push('outer');
      emitter.on('closed', () => {
        calls.push('inner');
      });
    });
    await emitter.emit('closed');
    expect(calls).toEqual(['outer']);
  });

  it('counts listeners per event and removes them all at once', () => {
    const emitter = new TypedEventEmitter<Events>();
    emitter.on('closed', () => {});
    emitter.on('greeted', () => {});
    emitter.on('greeted', () => {});
    expect(emitter.listenerCount('greeted')).toBe(2);
    expect(emitter.listenerCount('closed')).toBe(1);
    emitter.removeAllListeners();
    expect(emitter.listenerCount('greeted')).toBe(0);
    expect(emitter.listenerCount('closed')).toBe(0);
  });
});
