import { describe, expect, it } from 'vitest';
import { RecordingLogger } from './recording-logger.js';

describe('RecordingLogger', () => {
  it('keeps every line, with or without fields, and finds them by level', () => {
    const logger = new RecordingLogger();
    logger.info('started');
    logger.warn({ kind: 'invalid-json' }, 'skipping');
    const { error } = logger;
    error('detached call still records');
    expect(logger.lines).toEqual([
      { level: 'info', message: 'started', fields: {} },
      { level: 'warn', message: 'skipping', fields: { kind: 'invalid-json' } },
      { level: 'error', message: 'detached call still records', fields: {} },
    ]);
    expect(logger.at('warn')).toEqual([logger.lines[1]]);
    expect(logger.at('debug')).toEqual([]);
  });
});
