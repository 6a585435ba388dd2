import type { Logger } from '@x/transport-core';

/** One line a `RecordingLogger` received. */
export interface RecordedLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: object;
}

/** A logger that keeps every line, for tests that check what is logged and how often. */
export class RecordingLogger implements Logger {
  readonly lines: RecordedLogLine[] = [];

  debug(fieldsOrMessage: object | string, message?: string): void {
    this.#record('debug', fieldsOrMessage, message);
  }
  info(fieldsOrMessage: object | string, message?: string): void {
    this.#record('info', fieldsOrMessage, message);
  }
  warn(fieldsOrMessage: object | string, message?: string): void {
    this.#record('warn', fieldsOrMessage, message);
  }
  error(fieldsOrMessage: object | string, message?: string): void {
    this.#record('error', fieldsOrMessage, message);
  }

  /** Lines at `level`. */
  at(level: RecordedLogLine['level']): RecordedLogLine[] {
    return this.lines.filter((line) => line.level === level);
  }

  #record(
    level: RecordedLogLine['level'],
    fieldsOrMessage: object | string,
    message?: string,
  ): void {
    const fields = typeof fieldsOrMessage === 'string' ? {} : fieldsOrMessage;
    const text = typeof fieldsOrMessage === 'string' ? fieldsOrMessage : (message ?? '');
    this.lines.push({ level, message: text, fields });
  }
}
