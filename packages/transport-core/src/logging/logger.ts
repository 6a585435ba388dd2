/**
 * A small, pino-compatible logger: each method takes a message, or an object of fields then a
 * message. Pass a pino logger, `consoleLogger()`, `silentLogger`, or nothing (`defaultLogger`:
 * warnings and errors on the console).
 */
export interface Logger {
  debug(fieldsOrMessage: object | string, message?: string): void;
  info(fieldsOrMessage: object | string, message?: string): void;
  warn(fieldsOrMessage: object | string, message?: string): void;
  error(fieldsOrMessage: object | string, message?: string): void;
  /** Optional: a child logger with fields bound to every line (pino's `child`). */
  child?(bindings: object): Logger;
}

/** Log levels from most to least verbose, plus `silent`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVEL_ORDER: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

function noop(): void {}

/** A logger that writes nothing: pass it to silence a component (tests, benchmarks). */
export const silentLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
});

/** Options of `consoleLogger`. */
export interface ConsoleLoggerOptions {
  /** Lowest level written; default `info`. */
  level?: LogLevel;
  /** Fields added to every line. */
  bindings?: object;
  /** Where lines go; default `console`. */
  console?: Pick<Console, 'debug' | 'info' | 'warn' | 'error'>;
}

/**
 * A logger writing one line per call to the console, at or above `level` (a `RangeError`
 * names an unknown level):
 * `<ISO time> <LEVEL> <message> <JSON of bindings and fields>`. An `Error` given in place of
 * the fields is logged under `err`, as pino does.
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  if (!Object.hasOwn(LEVEL_ORDER, level)) {
    throw new RangeError(
      `unknown log level ${JSON.stringify(level)}: expected one of ${Object.keys(LEVEL_ORDER).join(', ')}`,
    );
  }
  const minimum = LEVEL_ORDER[level];
  const bindings = options.bindings ?? {};
  const target = options.console ?? console;
  const write =
    (level: Exclude<LogLevel, 'silent'>) =>
    (fieldsOrMessage: object | string, message?: string): void => {
      if (LEVEL_ORDER[level] < minimum) return;
      let fields: object;
      let text: string;
      if (typeof fieldsOrMessage === 'string') {
        fields = {};
        text = fieldsOrMessage;
      } else if (fieldsOrMessage instanceof Error) {
        // pino's `logger.error(err, message)`: the error goes under `err`.
        fields = { err: fieldsOrMessage };
        text = message ?? fieldsOrMessage.message;
      } else {
        fields = fieldsOrMessage;
        text = message ?? '';
      }
      const merged = { ...bindings, ...fields };
      const suffix = Object.keys(merged).length > 0 ? ` ${safeStringify(merged)}` : '';
      target[level](`${new Date().toISOString()} ${level.toUpperCase()} ${text}${suffix}`);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (childBindings) =>
      consoleLogger({ ...options, bindings: { ...bindings, ...childBindings } }),
  };
}

function safeStringify(value: object): string {
  try {
    return JSON.stringify(value, (_key, field: unknown) =>
      field instanceof Error ? { name: field.name, message: field.message } : field,
    );
  } catch {
    return '[unserializable fields]';
  }
}

/** The level of `defaultLogger`: warnings and errors are written, debug and info lines are not. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

/**
 * The logger used where none is given (the pipeline task, and through it the transport and the
 * serializers; provider detection): `consoleLogger({ level: 'warn' })`, so a setting that cannot
 * work, or a message no serializer understands, is never silent. Pass your own logger (pino) to
 * route the lines, or `silentLogger` to drop them.
 */
export const defaultLogger: Logger = consoleLogger({ level: DEFAULT_LOG_LEVEL });

/** `logger.child(bindings)` when the logger supports it, else the logger itself. */
export function childLogger(logger: Logger, bindings: object): Logger {
  return logger.child ? logger.child(bindings) : logger;
}
