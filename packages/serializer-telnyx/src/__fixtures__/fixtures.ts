import { readFileSync } from 'node:fs';

const FIXTURES_DIRECTORY = new URL('./', import.meta.url);

/** The text of a fixture file, exactly as stored. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES_DIRECTORY), 'utf8');
}

/** A JSON fixture, parsed. */
export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** Every inbound message example of the Telnyx protocol reference (§2.3). */
export const INBOUND_FIXTURES = [
  'connected.json',
  'connected-with-auth-token.json',
  'start.json',
  'media.json',
  'dtmf.json',
  'mark.json',
  'error.json',
  'stop.json',
] as const;

/** The kind and reason of the `MessageRejectedError` an action throws; fails on anything else. */
export function rejectionOf(action: () => unknown): { kind: string; reason: string } {
  try {
    action();
  } catch (error) {
    const rejected = error as { name?: unknown; kind?: unknown; reason?: unknown };
    if (rejected.name === 'MessageRejectedError' && typeof rejected.kind === 'string') {
      return { kind: rejected.kind, reason: String(rejected.reason) };
    }
    throw error;
  }
  throw new Error('expected a MessageRejectedError, nothing was thrown');
}
