import type { Logger } from '@x/transport-core';

/** One line a `CallLog` kept. */
export interface CallLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** The logger of one served call: keeps every line, writes nothing. */
export class CallLog implements Logger {
  readonly lines: CallLogLine[] = [];
  debug = (fields: object | string, message?: string): void => this.#keep('debug', fields, message);
  info = (fields: object | string, message?: string): void => this.#keep('info', fields, message);
  warn = (fields: object | string, message?: string): void => this.#keep('warn', fields, message);
  error = (fields: object | string, message?: string): void => this.#keep('error', fields, message);

  /** The messages logged at `level`. */
  messages(level: CallLogLine['level']): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }

  #keep(level: CallLogLine['level'], fields: object | string, message?: string): void {
    this.lines.push({ level, message: typeof fields === 'string' ? fields : (message ?? '') });
  }
}
