import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: compiles the server (`dist/`, which the startup test runs with plain
 * `node`) and the browser softphone (`dist/softphone`, which the server serves and the browser
 * test loads), so `vitest run` never tests stale output.
 */
export default function buildDemo(): void {
  const packageDirectory = fileURLToPath(new URL('../../', import.meta.url));
  for (const project of ['tsconfig.build.json', 'tsconfig.softphone.json']) {
    execFileSync('node_modules/.bin/tsc', ['-p', project], {
      cwd: packageDirectory,
      stdio: 'inherit',
    });
  }
}
