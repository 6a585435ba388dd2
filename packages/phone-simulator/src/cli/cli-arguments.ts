/** A command-line argument the user got wrong; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `value` as a number of seconds ≥ `minimum`, in milliseconds. */
export function secondsOption(
  name: string,
  value: string | undefined,
  minimum = 0,
): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < minimum || value.trim() === '') {
    throw new UsageError(
      `--${name} takes a number of seconds${minimum > 0 ? ` ≥ ${minimum}` : ''}, got "${value}"`,
    );
  }
  return seconds * 1000;
}

/** `value` as an integer in [minimum, maximum]. */
export function integerOption(
  name: string,
  value: string | undefined,
  minimum: number,
  maximum: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum || number > maximum || value.trim() === '') {
    throw new UsageError(
      `--${name} takes a whole number from ${minimum} to ${maximum}, got "${value}"`,
    );
  }
  return number;
}

/** Repeated `key=value` options as a record. */
export function keyValueOptions(
  name: string,
  values: readonly string[] | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const value of values ?? []) {
    const equals = value.indexOf('=');
    if (equals <= 0) throw new UsageError(`--${name} takes key=value, got "${value}"`);
    record[value.slice(0, equals)] = value.slice(equals + 1);
  }
  return record;
}

/** Repeated `Name: value` (or `Name=value`) header options as a record. */
export function headerOptions(values: readonly string[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const value of values ?? []) {
    const match = /^([^:=\s]+)\s*[:=]\s*(.*)$/.exec(value);
    if (!match) throw new UsageError(`--header takes "Name: value", got "${value}"`);
    record[match[1]!] = match[2]!;
  }
  return record;
}

/** Repeated `<ms>:<digits>` options, e.g. `5000:#`. */
export function dtmfOptions(
  values: readonly string[] | undefined,
): { atMs: number; digits: string }[] {
  return (values ?? []).map((value) => {
    const match = /^(\d+(?:\.\d+)?):([0-9*#A-Da-d]+)$/.exec(value);
    if (!match)
      throw new UsageError(`--dtmf takes <call time in ms>:<digits>, e.g. 5000:#, got "${value}"`);
    return { atMs: Number(match[1]), digits: match[2]!.toUpperCase() };
  });
}
