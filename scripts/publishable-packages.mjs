// The workspace packages that are published to npm: every `packages/*` whose package.json is not
// `"private": true` (apps, bench and fuzz-kit are private and never published).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is in `scripts/`). */
export const ROOT_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));

/** Where the publishable packages live, relative to the root. */
const PACKAGES_DIRECTORY = 'packages';

/**
 * @returns {{ name: string, directory: string, manifest: Record<string, unknown> }[]}
 *   each publishable package: its npm name, its absolute directory and its parsed package.json
 */
export function publishablePackages() {
  const packagesRoot = join(ROOT_DIRECTORY, PACKAGES_DIRECTORY);
  return readdirSync(packagesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(packagesRoot, entry.name))
    .filter((directory) => existsSync(join(directory, 'package.json')))
    .map((directory) => {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
      return { name: manifest.name, directory, manifest };
    })
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => a.name.localeCompare(b.name));
}
