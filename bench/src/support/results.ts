import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `bench/results/`, next to the compiled `dist/` folder: where committed results live. */
export const RESULTS_DIRECTORY = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'results',
);

/** Environment variable that sends results elsewhere (trial runs that must not replace the committed ones). */
export const RESULTS_DIRECTORY_VARIABLE = 'BENCH_RESULTS_DIR';

/** Where results are written: `$BENCH_RESULTS_DIR` when set, else `bench/results/`. */
export function resultsDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  const override = environment[RESULTS_DIRECTORY_VARIABLE]?.trim();
  return override ? override : RESULTS_DIRECTORY;
}

/**
 * Writes `<name>.md`, `<name>.json` and any `extraFiles` (file name → content) into the results
 * directory; returns their paths.
 */
export function writeResults(
  name: string,
  markdown: string,
  json: unknown,
  extraFiles: Readonly<Record<string, string>> = {},
): string[] {
  const directory = resultsDirectory();
  mkdirSync(directory, { recursive: true });
  const markdownPath = join(directory, `${name}.md`);
  const jsonPath = join(directory, `${name}.json`);
  writeFileSync(markdownPath, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  const paths = [markdownPath, jsonPath];
  for (const [fileName, content] of Object.entries(extraFiles)) {
    const path = join(directory, fileName);
    writeFileSync(path, content);
    paths.push(path);
  }
  return paths;
}

/** A Markdown table from a header row and body rows. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
