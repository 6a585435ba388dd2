import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Reads `RECORD_DIR`: the folder call recordings are written to, as an absolute path, checked at
 * startup so a typo fails now rather than at the first call's end.
 * @returns the absolute path, or `undefined` when unset or invalid (then a problem is added).
 */
export function parseRecordDir(text: string | undefined, problems: string[]): string | undefined {
  if (text === undefined) return undefined;
  const directory = resolve(text);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch {
    problems.push(
      `RECORD_DIR must be an existing folder (got ${JSON.stringify(text)}, which does not exist); create it first, e.g. mkdir -p ${text}`,
    );
    return undefined;
  }
  if (!isDirectory) {
    problems.push(`RECORD_DIR must be a folder (got ${JSON.stringify(text)}, which is a file)`);
    return undefined;
  }
  try {
    accessSync(directory, constants.W_OK);
  } catch {
    problems.push(
      `RECORD_DIR must be a folder this process can write to (got ${JSON.stringify(text)})`,
    );
    return undefined;
  }
  return directory;
}
