/** A logger that keeps every line, for checks on what a transport logged and how often. */
import type { Logger } from '@x/transport-core';

/** One line a `RecordingLogger` received. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every line. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];
  debug = (fields: object | string, message?: string): void => this.#log('debug', fields, message);
  info = (fields: object | string, message?: string): void => this.#log('info', fields, message);
  warn = (fields: object | string, message?: string): void => this.#log('warn', fields, message);
  error = (fields: object | string, message?: string): void => this.#log('error', fields, message);

  /** The lines at `level`. */
  at(level: LogLine['level']): LogLine[] {
    return this.lines.filter((line) => line.level === level);
  }

  #log(level: LogLine['level'], fields: object | string, message?: string): void {
    if (typeof fields === 'string') this.lines.push({ level, message: fields, fields: {} });
    else this.lines.push({ level, message: message ?? '', fields: fields as LogLine['fields'] });
  }
}
