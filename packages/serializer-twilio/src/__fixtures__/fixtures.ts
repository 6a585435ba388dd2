import { readFileSync } from 'node:fs';

/** The text of a fixture file, exactly as stored. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
}

/** A fixture parsed from JSON. */
export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

/** Stream SID of the documented examples. */
export const FIXTURE_STREAM_SID = 'MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';
/** Call SID of the documented examples. */
export const FIXTURE_CALL_SID = 'CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';
/** Account SID of the documented examples. */
export const FIXTURE_ACCOUNT_SID = 'ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';

/** A copy of a fixture with changes applied by `edit`, as JSON text. */
export function editedFixture(
  name: string,
  edit: (message: Record<string, unknown>) => void,
): string {
  const message = structuredClone(fixtureJson(name));
  edit(message);
  return JSON.stringify(message);
}
