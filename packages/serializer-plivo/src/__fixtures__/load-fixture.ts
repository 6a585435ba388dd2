import { readFileSync } from 'node:fs';

const FIXTURES_DIRECTORY = new URL('./', import.meta.url);

/** The fixture file's text, verbatim. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES_DIRECTORY), 'utf8');
}

/** The fixture file parsed as JSON. */
export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}
