import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `bench/results/`, next to the compiled `dist/` folder. */
export const RESULTS_DIRECTORY = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'results',
);

/** Writes `<name>.md` and `<name>.json` into `bench/results/`; returns their paths. */
export function writeResults(name: string, markdown: string, json: unknown): string[] {
  mkdirSync(RESULTS_DIRECTORY, { recursive: true });
  const markdownPath = join(RESULTS_DIRECTORY, `${name}.md`);
  const jsonPath = join(RESULTS_DIRECTORY, `${name}.json`);
  writeFileSync(markdownPath, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  return [markdownPath, jsonPath];
}

/** A Markdown table from a header row and body rows. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
