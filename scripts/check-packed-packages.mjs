#!/usr/bin/env node
// Checks every publishable package as npm would ship it (`pnpm pack --dry-run`, after
// `pnpm build`): the root LICENSE is in it, no test file or fixture is, every source map and
// declaration map points at files that are in it, every shipped TypeScript source is one the build
// compiles, and the README links only to files in the tarball and installs with npm.
//   node scripts/check-packed-packages.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { publishablePackages, ROOT_DIRECTORY } from './publishable-packages.mjs';

/** Paths that belong to tests, never to a tarball. */
const TEST_FILE_PATTERN = /(^|\/)(__fixtures__|testing|testing-internal)\/|\.test\.|\.test-d\./;
/** `//# sourceMappingURL=…` at the end of emitted JavaScript and declarations. */
const SOURCE_MAPPING_URL_PATTERN = /\/\/# sourceMappingURL=(\S+)\s*$/;
/** Markdown links and images: `[text](target)` and `![alt](target "title")`. */
const MARKDOWN_LINK_PATTERN = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
/** Targets that are not files of the package: web addresses and anchors in the same page. */
const EXTERNAL_LINK_PATTERN = /^([a-z][a-z0-9+.-]*:|#)/i;
/** Install lines that only work inside this repository's pnpm workspace. */
const WORKSPACE_INSTALL_PATTERN = /^\s*(pnpm add|pnpm install|yarn add)\b.*$/gm;

/** Files every tarball must have. */
const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE'];

const rootLicense = readFileSync(join(ROOT_DIRECTORY, 'LICENSE'), 'utf8');
let failures = 0;

for (const { name, directory } of publishablePackages()) {
  const problems = checkPackage(directory);
  if (problems.length === 0) {
    console.log(`ok   ${name}`);
  } else {
    failures += problems.length;
    console.error(`FAIL ${name}\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
if (failures > 0) process.exit(1);

/** @returns {string[]} what is wrong with the package's tarball */
function checkPackage(directory) {
  if (!existsSync(join(directory, 'dist'))) return ['no dist/: run `pnpm build` first'];
  const packed = JSON.parse(
    execFileSync('pnpm', ['pack', '--dry-run', '--json'], { cwd: directory, encoding: 'utf8' }),
  );
  const shipped = new Set(packed.files.map((file) => file.path));
  const read = (path) => readFileSync(join(directory, path), 'utf8');
  const problems = [];

  for (const required of REQUIRED_FILES) {
    if (!shipped.has(required)) problems.push(`${required} is not in the tarball`);
  }
  if (shipped.has('LICENSE') && read('LICENSE') !== rootLicense) {
    problems.push('LICENSE differs from the root LICENSE (run `node scripts/sync-license.mjs`)');
  }

  for (const path of shipped) {
    if (TEST_FILE_PATTERN.test(path)) problems.push(`test file shipped: ${path}`);
    if (path.endsWith('.map')) {
      problems.push(...missingMapSources(directory, path, read(path), shipped));
    }
    if (/\.(js|d\.ts)$/.test(path)) {
      const mapUrl = SOURCE_MAPPING_URL_PATTERN.exec(read(path))?.[1];
      const mapPath = mapUrl && posix.join(posix.dirname(path), mapUrl);
      if (mapPath && !shipped.has(mapPath)) problems.push(`${path} points to missing ${mapPath}`);
    }
    const compiledPath = path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
    if (/^src\/.*\.ts$/.test(path) && !path.endsWith('.d.ts') && !shipped.has(compiledPath)) {
      problems.push(`${path} is shipped but not compiled (exclude it in "files")`);
    }
  }

  if (shipped.has('README.md')) problems.push(...readmeProblems(read('README.md'), shipped));
  return problems;
}

/** @returns {string[]} the sources a map names that are not in the tarball */
function missingMapSources(directory, mapPath, mapText, shipped) {
  const map = JSON.parse(mapText);
  const base = posix.join(posix.dirname(mapPath), map.sourceRoot ?? '');
  return (map.sources ?? [])
    .map((source) => posix.normalize(posix.join(base, source)))
    .filter((source) => !shipped.has(source))
    .map((source) =>
      existsSync(join(directory, source))
        ? `${mapPath} names ${source}, which is not in the tarball`
        : `${mapPath} is left from an old build (${source} is gone): delete dist/ and rebuild`,
    );
}

/** @returns {string[]} README links to files outside the tarball, and workspace-only installs */
function readmeProblems(readme, shipped) {
  const problems = [];
  for (const [, target] of readme.matchAll(MARKDOWN_LINK_PATTERN)) {
    if (EXTERNAL_LINK_PATTERN.test(target)) continue;
    const path = posix.normalize(decodeURI(target.split('#')[0]));
    const isShippedDirectory = [...shipped].some((file) => file.startsWith(`${path}/`));
    if (!shipped.has(path) && !isShippedDirectory) {
      problems.push(`README links to ${target}, which is not in the tarball`);
    }
  }
  for (const [line] of readme.matchAll(WORKSPACE_INSTALL_PATTERN)) {
    problems.push(`README installs with a workspace command (use npm install): ${line.trim()}`);
  }
  return problems;
}
