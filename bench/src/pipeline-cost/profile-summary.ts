import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The existing summariser (`calls/summarize-cpu-profile.ts`), run as its own script: importing it would run its command line. */
const SUMMARIZER_SCRIPT = fileURLToPath(
  new URL('../calls/summarize-cpu-profile.js', import.meta.url),
);
/** Functions listed in the summary. */
export const PROFILE_TOP_FUNCTIONS = 20;
/** Longest the summariser may take, in ms. */
const SUMMARIZER_TIMEOUT_MS = 60_000;

/** Markdown of `calls/summarize-cpu-profile`: busy time by area and the top functions by self time. */
export function summarizeProfileFile(path: string): string {
  return execFileSync(process.execPath, [SUMMARIZER_SCRIPT, path, String(PROFILE_TOP_FUNCTIONS)], {
    encoding: 'utf8',
    timeout: SUMMARIZER_TIMEOUT_MS,
  }).trim();
}
