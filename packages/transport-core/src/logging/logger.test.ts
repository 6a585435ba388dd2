import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Frame } from '../frames/frame.js';
import { TextFrame } from '../frames/transport-frames.js';
import { FrameProcessor } from '../pipeline/frame-processor.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { PipelineTask } from '../pipeline/pipeline-task.js';
import {
  childLogger,
  consoleLogger,
  DEFAULT_LOG_LEVEL,
  defaultLogger,
  type Logger,
  type LogLevel,
  silentLogger,
} from './logger.js';

type Line = [level: string, text: string];

function fakeConsole(): { lines: Line[]; console: Pick<Console, LogLevelWithoutSilent> } {
  const lines: Line[] = [];
  const write = (level: string) => (text: string) => {
    lines.push([level, text]);
  };
  return {
    lines,
    console: {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
    },
  };
}

type LogLevelWithoutSilent = Exclude<LogLevel, 'silent'>;

/** A line without its leading timestamp. */
function withoutTime([level, text]: Line): string {
  const match = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (.*)$/.exec(text);
  if (!match) throw new Error(`line does not start with an ISO time: ${text}`);
  return `${level}: ${match[1]}`;
}

/** Fails on every `TextFrame`, passing other frames on. */
class FailingOnText extends FrameProcessor {
  protected override async processFrame(frame: Frame): Promise<void> {
    if (TextFrame.is(frame)) throw new Error('processor failure');
    this.pushFrame(frame);
  }
}

function logAtEveryLevel(logger: Logger): void {
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
}

describe('silentLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes nothing, and neither does its child', () => {
    const spies = (['debug', 'info', 'warn', 'error', 'log'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    logAtEveryLevel(silentLogger);
    logAtEveryLevel(childLogger(silentLogger, { call: 'c1' }));
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('silences a pipeline task given it: a failing processor writes nothing to the console', async () => {
    const spies = (['debug', 'info', 'warn', 'error', 'log'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    const task = new PipelineTask(new Pipeline([new FailingOnText()]), { logger: silentLogger });
    const errors: string[] = [];
    task.on('error', (_task, frame) => {
      errors.push(frame.error);
    });
    task.queueFrame(new TextFrame('x'));
    task.stopWhenDone();
    await task.run();
    expect(errors).toHaveLength(1);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

describe('defaultLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes warnings and errors to the console, and not debug or info lines', () => {
    const spies = {
      debug: vi.spyOn(console, 'debug').mockImplementation(() => {}),
      info: vi.spyOn(console, 'info').mockImplementation(() => {}),
      warn: vi.spyOn(console, 'warn').mockImplementation(() => {}),
      error: vi.spyOn(console, 'error').mockImplementation(() => {}),
    };
    logAtEveryLevel(defaultLogger);
    expect(DEFAULT_LOG_LEVEL).toBe('warn');
    expect(spies.debug).not.toHaveBeenCalled();
    expect(spies.info).not.toHaveBeenCalled();
    expect(spies.warn.mock.calls.map(([line]) => String(line).split(' ').slice(1))).toEqual([
      ['WARN', 'w'],
    ]);
    expect(spies.error.mock.calls.map(([line]) => String(line).split(' ').slice(1))).toEqual([
      ['ERROR', 'e'],
    ]);
  });

  it('is the default of a pipeline task: a failing processor reaches the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const task = new PipelineTask(new Pipeline([new FailingOnText()]));
    task.queueFrame(new TextFrame('x'));
    task.stopWhenDone();
    await task.run();
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toContain('processor failure');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('WARN pipeline error:');
  });
});

describe('consoleLogger', () => {
  it('writes at info and above by default, each level to its console method', () => {
    const { lines, console } = fakeConsole();
    logAtEveryLevel(consoleLogger({ console }));
    expect(lines.map(withoutTime)).toEqual(['info: INFO i', 'warn: WARN w', 'error: ERROR e']);
  });

  it.each([
    ['debug', ['d', 'i', 'w', 'e']],
    ['warn', ['w', 'e']],
    ['error', ['e']],
    ['silent', []],
  ] as const)('writes only lines at or above level %s', (level, expected) => {
    const { lines, console } = fakeConsole();
    logAtEveryLevel(consoleLogger({ console, level }));
    expect(lines.map(([, text]) => text.split(' ').at(-1))).toEqual(expected);
  });

  it('rejects an unknown level with a RangeError naming it', () => {
    expect(() => consoleLogger({ level: 'trace' as LogLevel })).toThrow(RangeError);
    expect(() => consoleLogger({ level: 'trace' as LogLevel })).toThrow('"trace"');
  });

  it('appends its bindings and the fields as JSON, fields overriding bindings', () => {
    const { lines, console } = fakeConsole();
    const logger = consoleLogger({ console, bindings: { call: 'c1', provider: 'twilio' } });
    logger.info({ provider: 'telnyx', frames: 3 }, 'sent');
    logger.warn('plain');
    expect(lines.map(withoutTime)).toEqual([
      'info: INFO sent {"call":"c1","provider":"telnyx","frames":3}',
      'warn: WARN plain {"call":"c1","provider":"twilio"}',
    ]);
  });

  it('makes child loggers that add bindings and keep the level and console', () => {
    const { lines, console } = fakeConsole();
    const parent = consoleLogger({ console, level: 'warn', bindings: { app: 'demo' } });
    const child = childLogger(parent, { call: 'c2' });
    const grandchild = child.child?.({ stream: 's9' });
    child.info('hidden');
    child.warn('shown');
    grandchild?.error('deep');
    parent.warn('parent');
    expect(lines.map(withoutTime)).toEqual([
      'warn: WARN shown {"app":"demo","call":"c2"}',
      'error: ERROR deep {"app":"demo","call":"c2","stream":"s9"}',
      'warn: WARN parent {"app":"demo"}',
    ]);
  });

  it('logs errors by name and message, also when given in place of the fields', () => {
    const { lines, console } = fakeConsole();
    const logger = consoleLogger({ console });
    const failure = new TypeError('bad frame');
    logger.error({ err: failure }, 'failed');
    logger.error(failure);
    logger.error(failure, 'with message');
    expect(lines.map(withoutTime)).toEqual([
      'error: ERROR failed {"err":{"name":"TypeError","message":"bad frame"}}',
      'error: ERROR bad frame {"err":{"name":"TypeError","message":"bad frame"}}',
      'error: ERROR with message {"err":{"name":"TypeError","message":"bad frame"}}',
    ]);
  });

  it('still writes the line when the fields cannot be serialised', () => {
    const { lines, console } = fakeConsole();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    consoleLogger({ console }).info(circular, 'loop');
    expect(lines.map(withoutTime)).toEqual(['info: INFO loop [unserializable fields]']);
  });
});

describe('childLogger', () => {
  it('returns the logger itself when it has no child method', () => {
    const plain: Logger = { debug() {}, info() {}, warn() {}, error() {} };
    expect(childLogger(plain, { call: 'c3' })).toBe(plain);
  });
});
