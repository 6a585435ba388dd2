import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: compiles the browser softphone (`dist/softphone`), which the server
 * serves and the browser test loads, so `vitest run` never tests a stale page.
 */
export default function buildSoftphone(): void {
  const packageDirectory = fileURLToPath(new URL('../../', import.meta.url));
  execFileSync('node_modules/.bin/tsc', ['-p', 'tsconfig.softphone.json'], {
    cwd: packageDirectory,
    stdio: 'inherit',
  });
}
